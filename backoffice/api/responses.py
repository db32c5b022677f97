"""How the client API answers: canonical JSON bytes, with an ETag and a 304 when they match.

Every app server builds the same bytes for the same data (sorted keys, no spaces), so the
ETag, a hash of the body, changes only when the body does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, request

# Clients may keep an answer but must revalidate it: a change shows on the next read.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


def canonical_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def json_response(payload: Any, *, status: int = 200) -> Response:
    return cached_bytes(canonical_json(payload), "application/json", status=status)


def cached_bytes(body: bytes, mimetype: str, *, etag: str | None = None,
                 status: int = 200) -> Response:
    tag = etag or hashlib.sha256(body).hexdigest()[:32]
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(body, status=status, mimetype=mimetype)
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
