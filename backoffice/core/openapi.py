"""The building blocks of the OpenAPI document, for the domains that document their routes.

Each domain's ``api.py`` declares ``OPENAPI_PATHS`` (and ``OPENAPI_SCHEMAS``) beside its
routes with these helpers; ``backoffice.api.openapi`` joins them into one document, and a
test proves that every routed operation is documented and nothing else is.
"""

from __future__ import annotations

from typing import Any

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
DATE_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}

ERROR = {"$ref": "#/components/schemas/Error"}
REFUSAL = {"$ref": "#/components/schemas/Refusal"}

GATE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "passed", "severity", "message"],
    "properties": {
        "id": STRING,
        "passed": BOOLEAN,
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "message": STRING,
    },
}

# The schemas every part of the document refers to.
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": STRING, "status": INTEGER},
    },
    "Gate": GATE,
    "Refusal": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": STRING,
            "status": INTEGER,
            "field": STRING,
            "failing_gates": {"type": "array", "items": {"$ref": "#/components/schemas/Gate"}},
        },
    },
}

COUNTRY_CODE_PARAM = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": STRING,
    "description": "ISO 3166-1 alpha-2 code, upper case",
}


def id_param(name: str) -> dict[str, Any]:
    """A path parameter holding a row id."""
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object schema; ``required`` defaults to every property."""
    return {"type": "object", "required": list(properties) if required is None else required,
            "properties": properties}


def json_content(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_content(description: str) -> dict[str, Any]:
    return json_content(ERROR, description)


def request_body(properties: dict[str, Any], required: list[str] | None = None
                 ) -> dict[str, Any]:
    """A JSON request body: an object of these properties."""
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "properties": properties, "required": required or []}}}}


def admin_responses(ok: dict[str, Any], *extra: str) -> dict[str, Any]:
    """The answers every admin operation may give, plus its own."""
    responses = {
        "400": json_content(REFUSAL, "Bad input; nothing was changed"),
        "401": error_content("Missing, unknown, revoked or expired bearer token"),
        "403": error_content("The token's role or scope does not allow this"),
        "404": error_content("No such object"),
        **ok,
    }
    for status in extra:
        responses[status] = json_content(REFUSAL, "Refused; nothing was changed")
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


def admin_json(operation_id: str, summary: str, schema: dict[str, Any], *,
               ok: str = "200", description: str = "Done", conflict: bool = False,
               params: list[dict[str, Any]] | None = None,
               body: dict[str, Any] | None = None) -> dict[str, Any]:
    """An admin operation answering ``schema`` as JSON (409 too with ``conflict``)."""
    extra: dict[str, Any] = {}
    if params:
        extra["parameters"] = params
    if body:
        extra["requestBody"] = body
    return admin_operation(operation_id, summary,
                           admin_responses({ok: json_content(schema, description)},
                                           *(["409"] if conflict else [])), **extra)
