"""The app on the benchmark's database, plus a trivial route for the baseline.

``/_bench/same/<n>`` answers with bytes captured from the real answer of the n-th path of
``BENCH_PATHS`` when the worker starts (same body, type and ETag, and a 304 for a matching
If-None-Match), through the same request hooks: the difference is the route's own work.
"""

from __future__ import annotations

import os

from flask import Response, request

from backoffice.api.responses import CACHE_CONTROL
from backoffice.app import create_app
from backoffice.core.permissions import public
from benchmarks.dataset import app_config

app = create_app(app_config(os.environ["BENCH_DATABASE_URL"]))
_captured: list[tuple[bytes, str, str]] = []

@public
def same(number: int) -> Response:
    body, mimetype, etag = _captured[number]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


app.add_url_rule("/_bench/same/<int:number>", "bench_same", same)

with app.test_client() as _client:
    for _path in filter(None, os.environ.get("BENCH_PATHS", "").split(",")):
        _answer = _client.get(_path)
        if _answer.status_code != 200:
            raise RuntimeError(f"{_path}: {_answer.status_code}")
        _captured.append((_answer.get_data(), _answer.mimetype or "", _answer.get_etag()[0]))
