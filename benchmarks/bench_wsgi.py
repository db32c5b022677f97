"""The app on the benchmark's database, plus a trivial route for the baseline.

``/_bench/same/<n>`` answers with the bytes of the n-th real answer, written to
``BENCH_ANSWERS`` by the benchmark before the server starts (same body, type and ETag,
and a 304 for a matching If-None-Match), through the same request hooks: the difference
is the route's own work. The bytes are read from the file on each request (from the page
cache): kept in memory, 60 catalogs of a few MB would put the baseline's own workers past
the RSS bound ours must keep. Nothing is read or built when a worker starts, so the
app's first reads are cold, as after a deploy.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Response, request

from backoffice.api.responses import CACHE_CONTROL
from backoffice.app import create_app
from backoffice.core.permissions import public
from benchmarks.dataset import app_config

app = create_app(app_config(os.environ["BENCH_DATABASE_URL"]))
_answers = Path(os.environ.get("BENCH_ANSWERS", "."))
_tags: dict[int, tuple[str, str]] = {}


@public
def same(number: int) -> Response:
    tag = _tags.get(number)
    if tag is None:
        etag, mimetype = (_answers / f"{number}.meta").read_text().split("\n", 1)
        tag = _tags.setdefault(number, (etag, mimetype))
    etag, mimetype = tag
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response((_answers / f"{number}.body").read_bytes(), mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


app.add_url_rule("/_bench/same/<int:number>", "bench_same", same)
