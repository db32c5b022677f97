"""The client API: what the apps read, without sign-in.

Countries in ``planned``, ``translating`` or ``paused`` are invisible. Scheduled moves and
approved payment switch-ons are resolved at read time, so the answer changes on the
minute with no timer. Answers carry an ``ETag``; a matching ``If-None-Match`` gets a 304.
Everything a list needs is loaded in a fixed number of queries, whatever the number of
countries.

Built answers are kept per app server for one revision stamp (``backoffice.api.revisions``),
which every change bumps in its own transaction, and only until the next scheduled effect
is due: a request reads the stamp (one primary-key query; none on SQLite while nothing
was committed) and serves the kept bytes when nothing changed, so every app server
answers the newest state on the very next read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select

from backoffice.api import revisions
from backoffice.core.db import db, utcnow
from backoffice.core.permissions import public
from backoffice.countries.models import Country
from backoffice.countries.state import next_effect
from backoffice.idchecks.operations import policy_to_dict
from backoffice.launch.gates import GateContext, incomplete_locales, risks
from backoffice.payments.models import ConnectorCountry

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Clients may keep an answer but must revalidate it: a change shows on the next read.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


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


class LiveState:
    """What clients see at one instant, for a set of countries, in a fixed number of queries.

    The state of each country comes from ``backoffice.countries.state``; whether a live
    country is at risk (its gates into ``live`` fail now) from ``backoffice.launch.gates``.
    """

    def __init__(self, countries: list[Country], now: datetime) -> None:
        codes = [c.code for c in countries]
        self.now = now
        self.gates = GateContext.load(countries, now)
        self.links = {link.country_code: link for link in db.session.scalars(
            select(ConnectorCountry).where(ConnectorCountry.country_code.in_(codes)))}
        self.risks = risks(countries, self.gates)

    def visible(self, country: Country) -> bool:
        return self.gates.states[country.code].visible

    def payload(self, country: Country) -> dict[str, Any]:
        state = self.gates.states[country.code]
        link = self.links.get(country.code)
        failing = self.risks.get(country.code, [])
        return {
            "code": country.code,
            "stage": state.public_stage,
            "locales": country.locale_codes,
            "default_locale": country.default_locale,
            "currency": country.currency,
            "timezone": country.timezone,
            "ride_rules": {"max_seats_per_ride": country.max_seats_per_ride},
            "online_payment": {
                "enabled": state.online_payment,
                "methods": list(link.methods) if state.online_payment and link else [],
            },
            "id_check": policy_to_dict(self.gates.policies.get(country.code)),
            "at_risk": bool(failing),
            "incomplete_locales": incomplete_locales(country, failing),
        }


COUNTRY_ANSWERS = 512


def _countries_stamp() -> int:
    return revisions.current(revisions.COUNTRIES)


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


@bp.route("/countries")
@public
def countries():  # type: ignore[no-untyped-def]
    now, stamp, kept = utcnow(), _countries_stamp(), _kept()
    answer = kept.get("*", stamp, now)
    if answer is None:
        rows = list(db.session.scalars(select(Country).order_by(Country.code)))
        state = LiveState(rows, now)
        body = _json_bytes({"countries": [
            state.payload(country) for country in rows if state.visible(country)
        ]})
        answer = kept.put("*", stamp, body, next_effect(now))
    return cached_bytes(answer.body, "application/json", etag=answer.etag)


@bp.route("/countries/<code>")
@public
def country(code: str):  # type: ignore[no-untyped-def]
    if not (len(code) == 2 and code.isupper()):
        return _no_country(code)
    now, stamp, kept = utcnow(), _countries_stamp(), _kept()
    answer = kept.get(code, stamp, now)
    if answer is None:
        found = db.session.get(Country, code)
        state = LiveState([found], now) if found else None
        if found is None or state is None or not state.visible(found):
            return _no_country(code)
        body = _json_bytes(state.payload(found))
        answer = kept.put(code, stamp, body, next_effect(now, [code]))
    return cached_bytes(answer.body, "application/json", etag=answer.etag)


def _no_country(code: str):  # type: ignore[no-untyped-def]
    return jsonify(error=f"no live country with the code {code!r}", status=404), 404


def _kept() -> revisions.Answers:
    return revisions.answers("countries", COUNTRY_ANSWERS)


@bp.route("/openapi.json")
@public
def openapi():  # type: ignore[no-untyped-def]
    from backoffice.api.openapi import build_document

    return json_response(build_document())


# The catalogs endpoint registers itself on this blueprint.
from backoffice.api import catalog_json  # noqa: E402, F401
