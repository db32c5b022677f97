"""The one reader of JSON that comes from outside: bodies of the APIs, webhooks, the editor.

Python's parser recurses once per nesting level, so a body of a few kilobytes of ``[``
ends in a RecursionError; its integers have no bound, so ``2**70`` reaches the database
as an overflow; it accepts ``NaN`` and turns ``1e999`` into infinity. Every body is read
here with a size limit, a nesting limit, integers that fit 64 bits, finite numbers and no
NUL character (PostgreSQL cannot store one in text). The app's request class parses with
the same rules, so ``request.get_json()`` is bounded too.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Request, request
from flask import json as flask_json
from flask_babel import gettext as _

from backoffice.core.arguments import MAX_INT64

MAX_JSON_BYTES = 1024 * 1024
# Far deeper than any document this product reads (a marketing plan is 4 levels deep).
MAX_JSON_DEPTH = 32

# A string (escapes included) or a bracket: the only tokens that matter for nesting.
_NESTING_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_OPENING = frozenset("[{")


class JSONBodyError(ValueError):
    """A body that is not JSON the product accepts; the message says what to change."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _nesting_depth_exceeds(text: str, limit: int) -> bool:
    depth = 0
    for token in _NESTING_TOKENS.finditer(text):
        char = token.group()
        if char in _OPENING:
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _integer(text: str) -> int:
    # Longer than any 64-bit number: refused before int() spends time on it.
    if len(text.lstrip("-")) > len(str(MAX_INT64)) or not -MAX_INT64 - 1 <= int(text) <= MAX_INT64:
        raise JSONBodyError(_("Numbers must fit in 64 bits (at most %(max)d).", max=MAX_INT64))
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONBodyError(_("Numbers must be finite."))
    return value


def _constant(name: str) -> Any:
    raise JSONBodyError(_("%(name)s is not a JSON number.", name=name))


def parse_json(
    data: bytes | str,
    *,
    max_bytes: int | None = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
) -> Any:
    """The parsed document, or a `JSONBodyError` (413 when too large, 400 otherwise)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise JSONBodyError(
            _("The body is larger than %(limit)d bytes.", limit=max_bytes), status=413
        )
    if isinstance(data, bytes):
        try:
            text = data.decode(json.detect_encoding(data))
        except UnicodeDecodeError:
            raise JSONBodyError(
                _("The body is not JSON: its text encoding cannot be read.")
            ) from None
    else:
        text = data
    if "\x00" in text or "\\u0000" in text:
        raise JSONBodyError(_("Text may not contain NUL characters."))
    if _nesting_depth_exceeds(text, max_depth):
        raise JSONBodyError(
            _("The body is nested more than %(limit)d levels deep.", limit=max_depth)
        )
    try:
        return json.loads(
            text, parse_int=_integer, parse_float=_number, parse_constant=_constant
        )
    except JSONBodyError:
        raise
    except ValueError as error:
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        if line is None:
            raise JSONBodyError(_("The body is not JSON.")) from None
        raise JSONBodyError(
            _("The body is not JSON (line %(line)d, column %(column)d).",
              line=line, column=column)
        ) from None


def request_json(
    *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """The current request's body parsed by `parse_json`, whatever its content type."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise JSONBodyError(
            _("The body is larger than %(limit)d bytes.", limit=max_bytes), status=413
        )
    return parse_json(request.get_data(cache=True), max_bytes=max_bytes, max_depth=max_depth)


class _RequestJSON:
    """What `request.get_json()` parses with: `parse_json` (the request's own size limit,
    MAX_CONTENT_LENGTH, applies). Sessions and responses keep Flask's JSON."""

    @staticmethod
    def loads(data: str | bytes, **kwargs: Any) -> Any:
        if kwargs:
            raise TypeError(f"request bodies are parsed without options, not {sorted(kwargs)}")
        return parse_json(data, max_bytes=None)

    dumps = staticmethod(flask_json.dumps)


class BoundedRequest(Request):
    """The app's request class: `get_json()` follows the rules of `parse_json`."""

    @property
    def json_module(self) -> Any:
        return _RequestJSON

    @json_module.setter
    def json_module(self, _provider: Any) -> None:
        # Flask hands every request the app's JSON provider; bodies keep the bounded one.
        pass
