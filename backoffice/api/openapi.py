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


json_content = _json  # for the domains that document their own endpoints (DOMAIN_DOCUMENTS)


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
        "401": _error("Missing, unknown, revoked or expired bearer token"),
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


# Domains whose ``api.py`` documents its admin endpoints beside their routes, as
# ``OPENAPI_PATHS`` and ``OPENAPI_SCHEMAS``.
DOMAIN_DOCUMENTS = ("backoffice.approvals.api", "backoffice.calendar.api",
                    "backoffice.monitoring.api", "backoffice.notifications.api",
                    "backoffice.planning.api", "backoffice.tasks.api",
                    "backoffice.memory.api")


def _with_domains() -> tuple[dict[str, Any], dict[str, Any]]:
    import importlib

    paths, schemas = dict(PATHS), dict(SCHEMAS)
    for name in DOMAIN_DOCUMENTS:
        module = importlib.import_module(name)
        paths.update(module.OPENAPI_PATHS)
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    return paths, schemas


def build_document() -> dict[str, Any]:
    paths, schemas = _with_domains()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Country-launch backoffice API",
            "version": "1",
            "description": "Client API (no sign-in) and admin API (bearer tokens created in "
                           "the console, acting with their user's role and scopes).",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token expires (90 days unless chosen otherwise) and may be "
                               "narrowed to a scope: read only, catalogs only or launch only.",
            }},
        },
    }


OBJECT = {"type": "object"}


def _body(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "properties": properties, "required": required or []}}}}


def _op(operation_id: str, summary: str, ok: str = "200", *, conflict: bool = False,
        params: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None
        ) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if params:
        extra["parameters"] = params
    if body:
        extra["requestBody"] = body
    return admin_operation(operation_id, summary,
                           admin_responses({ok: _json(OBJECT, "Done")},
                                           *(["409"] if conflict else [])), **extra)


ID_PARAM = {"name": "change_id", "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}
CONNECTOR_PARAM = {"name": "connector_id", "in": "path", "required": True,
                   "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}
PERIOD_PARAM = {"name": "period", "in": "path", "required": True,
                "schema": {"type": "string"}, "description": "2026-03 or 2026-Q2"}
STRING = {"type": "string"}
LOCALES = {"type": "array", "items": {"type": "object", "properties": {
    "code": STRING, "parent": {"type": ["string", "null"]}}, "required": ["code"]}}
COUNTRY_FIELDS = {"locales": LOCALES, "currency": STRING, "timezone": STRING,
                  "max_seats_per_ride": {"type": "integer"}, "owner": STRING, "notes": STRING,
                  "reason": STRING}
BASE_URL = {"type": "string", "maxLength": 300,
            "description": "Adyen's own host or one of the server's allowlist; a change needs "
                           "api_key again"}
CONNECTOR_FIELDS = {
    "name": STRING, "platform": {"type": "string", "enum": ["test", "live"]},
    "merchant_account": STRING, "api_key": STRING, "hmac_key": STRING,
    "live_endpoint_prefix": STRING, "checkout_base_url": BASE_URL, "management_base_url": BASE_URL,
    "countries": {"type": "array", "items": {"type": "object", "properties": {
        "country": STRING, "currency": STRING}, "required": ["country", "currency"]}},
    "reason": STRING,
}

PATHS["/api/v1/catalogs/{domain}/{locale}.json"] = {
    "get": {
        "operationId": "getCatalog",
        "tags": ["client"],
        "summary": "A locale's effective translations (translated and reviewed, parents "
                   "resolved); plural messages map to a list of forms",
        "parameters": [
            {"name": "domain", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "locale", "in": "path", "required": True, "schema": {"type": "string"}},
        ],
        "responses": {
            "200": _json({
                "type": "object",
                "required": ["domain", "locale", "messages"],
                "properties": {
                    "domain": STRING, "locale": STRING, "parent": {"type": ["string", "null"]},
                    "plural_forms": {"type": ["string", "null"]},
                    "messages": {"type": "object", "additionalProperties": {
                        "oneOf": [STRING, {"type": "array", "items": STRING}]}},
                },
            }, "The translations"),
            "304": {"description": "Not modified"},
            "404": _error("No such catalog"),
        },
    }
}

PATHS.update({
    "/api/v1/admin/countries": {
        "get": _op("listAdminCountries", "Every country's configuration"),
        "post": _op("createCountry", "Create a country; missing fields come from CLDR", "201",
                    body=_body({"code": STRING, **COUNTRY_FIELDS}, ["code"])),
    },
    "/api/v1/admin/countries/{code}": {
        "get": _op("getAdminCountry", "A country's configuration and version",
                   params=[COUNTRY_CODE_PARAM]),
        "patch": _op("updateCountry", "Change a country (give the version you started from)",
                     conflict=True, params=[COUNTRY_CODE_PARAM],
                     body=_body({"version": {"type": "integer"},
                                 "translation_threshold": {"type": "integer"}, **COUNTRY_FIELDS},
                                ["version"])),
    },
    "/api/v1/admin/payments/connectors": {
        "get": _op("listConnectors", "Payment connectors, keys masked"),
        "post": _op("createConnector", "Configure an Adyen connector", "201",
                    body=_body(CONNECTOR_FIELDS, ["name", "platform", "merchant_account"])),
    },
    "/api/v1/admin/payments/connectors/{connector_id}": {
        "put": _op("updateConnector", "Change a connector; empty keys keep the stored ones",
                   params=[CONNECTOR_PARAM],
                   body=_body(CONNECTOR_FIELDS, ["name", "platform", "merchant_account"])),
    },
    "/api/v1/admin/countries/{code}/payment-methods": {
        "put": _op("choosePaymentMethods", "The payment methods the country offers",
                   params=[COUNTRY_CODE_PARAM],
                   body=_body({"methods": {"type": "array", "items": STRING}}, ["methods"])),
    },
    "/api/v1/admin/countries/{code}/health-check": {
        "post": _op("runHealthCheck", "Ask Adyen now and record the answer",
                    params=[COUNTRY_CODE_PARAM]),
    },
    "/api/v1/admin/countries/{code}/payment-gates": {
        "get": _op("getPaymentGates", "The gates into payments_live",
                   params=[COUNTRY_CODE_PARAM]),
    },
    "/api/v1/admin/countries/{code}/payment-requests": {
        "post": _op("requestPayments", "Ask a second finance user to switch payment on", "201",
                    conflict=True, params=[COUNTRY_CODE_PARAM],
                    body=_body({"reason": STRING, "at": STRING}, ["reason"])),
    },
    "/api/v1/admin/payment-requests/{change_id}/approve": {
        "post": _op("approvePayments", "Approve (never by the requester)", conflict=True,
                    params=[ID_PARAM], body=_body({"note": STRING})),
    },
    "/api/v1/admin/countries/{code}/kill": {
        "post": _op("killPayments", "Turn online payment off at once", conflict=True,
                    params=[COUNTRY_CODE_PARAM], body=_body({"reason": STRING}, ["reason"])),
    },
    "/api/v1/admin/countries/{code}/idcheck-policy": {
        "put": _op("saveIdCheckPolicy", "Set the country's ID-check policy", conflict=True,
                   params=[COUNTRY_CODE_PARAM], body=_body({
                       "required_for_drivers": {"type": "boolean"},
                       "required_for_passengers": {"type": "boolean"},
                       "documents": {"type": "array", "items": STRING},
                       "providers": {"type": "array", "items": STRING},
                       "version": {"type": "integer"}, "reason": STRING})),
    },
    "/api/v1/admin/countries/{code}/marketing-plans/{period}": {
        "get": _op("getMarketingPlan", "A marketing plan",
                   params=[COUNTRY_CODE_PARAM, PERIOD_PARAM]),
        "put": _op("saveMarketingPlan", "Create or change a marketing plan", conflict=True,
                   params=[COUNTRY_CODE_PARAM, PERIOD_PARAM], body=_body({
                       "budget": STRING, "driver_share": STRING, "passenger_share": STRING,
                       "allocations": OBJECT, "age_bands": OBJECT,
                       "target_new_drivers": {"type": "integer"},
                       "target_new_passengers": {"type": "integer"},
                       "version": {"type": "integer"}, "reason": STRING})),
    },
})
