"""The client API: what the apps read, without sign-in.

Countries in ``planned``, ``translating`` or ``paused`` are invisible. Answers carry an
``ETag``; a matching ``If-None-Match`` gets a 304.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.permissions import public
from backoffice.countries.models import PUBLIC_STAGES, Country
from backoffice.launch.operations import due_stages

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Clients may cache for a minute; a change still shows on the next revalidated read.
CACHE_CONTROL = "public, max-age=0, must-revalidate"

# Other domains add their part of a country's answer here: (key, function(country, now)).
COUNTRY_FIELDS: list[tuple[str, Callable[[Country, datetime], Any]]] = []



def json_response(payload: Any, *, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return cached_bytes(body.encode(), "application/json", status=status)


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


def not_modified(etag: str) -> Response | None:
    """A 304 for a known ETag, before any work is done to build the body."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    return None


def country_payload(country: Country, now: datetime, stage: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "code": country.code,
        "stage": stage,
        "locales": country.locale_codes,
        "default_locale": country.default_locale,
        "currency": country.currency,
        "timezone": country.timezone,
        "ride_rules": {"max_seats_per_ride": country.max_seats_per_ride},
        "online_payment": {"enabled": False, "methods": []},
        "id_check": {
            "required_for_drivers": False,
            "required_for_passengers": False,
            "documents": [],
            "providers": [],
        },
    }
    for key, build in COUNTRY_FIELDS:
        payload[key] = build(country, now)
    return payload


def visible_countries(now: datetime) -> list[tuple[Country, str]]:
    """Countries clients see at ``now``, with their stage (scheduled moves resolved)."""
    due = due_stages(now)
    countries = db.session.scalars(select(Country).order_by(Country.code))
    pairs = [(c, due.get(c.code, c.stage)) for c in countries]
    return [(c, stage) for c, stage in pairs if stage in PUBLIC_STAGES]


@bp.route("/countries")
@public
def countries():  # type: ignore[no-untyped-def]
    now = utcnow()
    return json_response(
        {"countries": [country_payload(c, now, stage) for c, stage in visible_countries(now)]}
    )


@bp.route("/countries/<code>")
@public
def country(code: str):  # type: ignore[no-untyped-def]
    now = utcnow()
    found = db.session.get(Country, code) if len(code) == 2 and code.isupper() else None
    stage = due_stages(now).get(code, found.stage) if found else None
    if found is None or stage not in PUBLIC_STAGES:
        return jsonify(error=f"no live country with the code {code!r}", status=404), 404
    return json_response(country_payload(found, now, stage))


@bp.route("/openapi.json")
@public
def openapi():  # type: ignore[no-untyped-def]
    from backoffice.api.openapi import build_document

    return json_response(build_document())
