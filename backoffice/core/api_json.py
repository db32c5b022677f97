"""Reading JSON bodies for the admin API: the one set of field readers every domain uses.

Bad input raises ``BadRequest`` (an ``OperationError``): the admin API answers it as
``{"error": ..., "field": ...}`` with 400, never a 500.
"""

from __future__ import annotations

from typing import Any

from backoffice.core.errors import OperationError
from backoffice.core.json_body import JSONBodyError, request_json


class BadRequest(OperationError):
    pass


class BodyTooLarge(BadRequest):
    status_code = 413


def json_body() -> dict[str, Any]:
    """The request's JSON object (bounded in size and depth by ``core.json_body``)."""
    try:
        body = request_json()
    except JSONBodyError as error:
        raise (BodyTooLarge if error.status == 413 else BadRequest)(error.message) from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


def string_field(body: dict[str, Any], name: str, *, required: bool = True,
                 max_length: int = 500) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadRequest(f'"{name}" must be a non-empty string.', name)
    if len(value) > max_length:
        raise BadRequest(f'"{name}" is longer than {max_length} characters.', name)
    return value


def int_field(body: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(f'"{name}" must be an integer.', name)
    return value
