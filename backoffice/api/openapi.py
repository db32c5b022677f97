"""The OpenAPI 3.1 document of the client and admin APIs, written by hand.

Hand-written rather than generated: the API is small, and the document is the contract
other tools test against (schemathesis runs it in the test suite).
"""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}
COUNTRY_REF = {"$ref": "#/components/schemas/Country"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(ERROR, description)


COUNTRY_CODE_PARAM = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "ISO 3166-1 alpha-2 code, upper case",
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Country": {
        "type": "object",
        "required": ["code", "stage", "locales", "currency", "ride_rules", "online_payment",
                     "id_check"],
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "stage": {"type": "string", "enum": ["live", "payments_live"]},
            "locales": {"type": "array", "items": {"type": "string"}},
            "default_locale": {"type": ["string", "null"]},
            "currency": {"type": "string"},
            "timezone": {"type": "string"},
            "ride_rules": {
                "type": "object",
                "required": ["max_seats_per_ride"],
                "properties": {"max_seats_per_ride": {"type": "integer", "minimum": 1,
                                                      "maximum": 8}},
            },
            "online_payment": {
                "type": "object",
                "required": ["enabled", "methods"],
                "properties": {
                    "enabled": {"type": "boolean"},
                    "methods": {"type": "array", "items": {"type": "string"}},
                },
            },
            "id_check": {
                "type": "object",
                "required": ["required_for_drivers", "required_for_passengers", "documents",
                             "providers"],
                "properties": {
                    "required_for_drivers": {"type": "boolean"},
                    "required_for_passengers": {"type": "boolean"},
                    "documents": {"type": "array", "items": {"type": "string"}},
                    "providers": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/countries": {
        "get": {
            "operationId": "listCountries",
            "tags": ["client"],
            "summary": "Countries visible to the client apps (live, with or without payment)",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["countries"],
                        "properties": {
                            "countries": {"type": "array", "items": COUNTRY_REF},
                        },
                    },
                    "The visible countries",
                ),
                "304": {"description": "Not modified since the ETag given in If-None-Match"},
            },
        }
    },
    "/api/v1/countries/{code}": {
        "get": {
            "operationId": "getCountry",
            "tags": ["client"],
            "summary": "A visible country's live configuration",
            "parameters": [COUNTRY_CODE_PARAM],
            "responses": {
                "200": _json(COUNTRY_REF, "The country"),
                "304": {"description": "Not modified"},
                "404": _error("No visible country has this code"),
            },
        }
    },
}


GATE = {
    "type": "object",
    "required": ["id", "passed", "severity", "message"],
    "properties": {
        "id": {"type": "string"},
        "passed": {"type": "boolean"},
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "message": {"type": "string"},
    },
}
SCHEMAS["Gate"] = GATE
SCHEMAS["Readiness"] = {
    "type": "object",
    "required": ["country", "stage", "possible_moves", "gates"],
    "properties": {
        "country": {"type": "string"},
        "stage": {"type": "string"},
        "possible_moves": {"type": "array", "items": {"type": "string"}},
        "gates": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"$ref": "#/components/schemas/Gate"}}},
    },
}
SCHEMAS["Refusal"] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "status": {"type": "integer"},
        "field": {"type": "string"},
        "failing_gates": {"type": "array", "items": {"$ref": "#/components/schemas/Gate"}},
    },
}
SCHEMAS["AuditEvent"] = {
    "type": "object",
    "required": ["id", "created_at", "action", "object_type", "object_id"],
    "properties": {
        "id": {"type": "integer"},
        "created_at": {"type": "string", "format": "date-time"},
        "actor": {"type": ["string", "null"]},
        "action": {"type": "string"},
        "object_type": {"type": "string"},
        "object_id": {"type": "string"},
        "country": {"type": ["string", "null"]},
        "before": {"type": ["object", "null"]},
        "after": {"type": ["object", "null"]},
        "reason": {"type": ["string", "null"]},
        "request_id": {"type": ["string", "null"]},
    },
}
REFUSAL = {"$ref": "#/components/schemas/Refusal"}


def admin_responses(ok: dict[str, Any], *extra: str) -> dict[str, Any]:
    """The answers every admin operation may give, plus its own."""
    responses = {
        "400": _json(REFUSAL, "Bad input; nothing was changed"),
        "401": _error("Missing, unknown or revoked bearer token"),
        "403": _error("The token's role or scope does not allow this"),
        "404": _error("No such object"),
        **ok,
    }
    for status in extra:
        responses[status] = _json(REFUSAL, "Refused; nothing was changed")
    return responses


def admin_operation(operation_id: str, summary: str, responses: dict[str, Any],
                    **extra: Any) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "tags": ["admin"],
        "summary": summary,
        "security": [{"bearer": []}],
        "responses": responses,
        **extra,
    }


PATHS["/api/v1/admin/countries/{code}/readiness"] = {
    "get": admin_operation(
        "getReadiness", "Every launch gate of the country, with pass/fail and why",
        admin_responses({"200": _json({"$ref": "#/components/schemas/Readiness"},
                                      "The gates")}),
        parameters=[COUNTRY_CODE_PARAM],
    )
}
PATHS["/api/v1/admin/countries/{code}/transitions"] = {
    "post": admin_operation(
        "moveCountry", "Move the country to a stage now, or at a local time",
        admin_responses(
            {
                "200": _json({"type": "object"}, "Moved"),
                "201": _json({"type": "object"}, "Scheduled"),
            },
            "409",
        ),
        parameters=[COUNTRY_CODE_PARAM],
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["stage", "reason"],
                "properties": {
                    "stage": {"type": "string",
                              "enum": ["planned", "translating", "live", "paused",
                                       "payments_live"]},
                    "reason": {"type": "string", "minLength": 1, "maxLength": 500},
                    "at": {"type": "string", "description": "YYYY-MM-DDTHH:MM, local time"},
                },
            }}},
        },
    )
}
PATHS["/api/v1/admin/audit-events"] = {
    "get": admin_operation(
        "listAuditEvents", "Audit events, newest first",
        admin_responses({"200": _json(
            {"type": "object", "required": ["events"],
             "properties": {"events": {"type": "array",
                                       "items": {"$ref": "#/components/schemas/AuditEvent"}}}},
            "The events",
        )}),
        parameters=[
            {"name": name, "in": "query", "required": False, "schema": schema}
            for name, schema in [
                ("actor", {"type": "string"}), ("object_type", {"type": "string"}),
                ("object_id", {"type": "string"}), ("country", {"type": "string"}),
                ("from", {"type": "string", "format": "date"}),
                ("to", {"type": "string", "format": "date"}),
                ("limit", {"type": "integer", "minimum": 1, "maximum": 500}),
                ("offset", {"type": "integer", "minimum": 0, "maximum": 10_000_000}),
            ]
        ],
    )
}


def build_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Country-launch backoffice API",
            "version": "1",
            "description": "Client API (no sign-in) and admin API (bearer tokens created in "
                           "the console, acting with their user's role and scopes).",
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
