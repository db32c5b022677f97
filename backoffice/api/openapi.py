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
