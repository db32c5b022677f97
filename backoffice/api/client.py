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

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from backoffice.api import catalog_json, revisions
from backoffice.api.responses import (
    CACHE_CONTROL,  # noqa: F401 (importable from here)
    cached_bytes,
    canonical_json,
    json_response,
)
from backoffice.core.db import db, utcnow
from backoffice.core.openapi import (
    BOOLEAN,
    COUNTRY_CODE_PARAM,
    NULLABLE_STRING,
    STRING,
    STRINGS,
    error_content,
    json_content,
    obj,
)
from backoffice.core.permissions import public
from backoffice.countries.models import Country
from backoffice.countries.state import next_effect
from backoffice.idchecks.operations import policy_to_dict
from backoffice.launch.gates import GateContext, incomplete_locales, risks
from backoffice.payments.models import ConnectorCountry

bp = Blueprint("api", __name__, url_prefix="/api/v1")

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


@bp.route("/countries")
@public
def countries() -> ResponseReturnValue:
    now, stamp, kept = utcnow(), _countries_stamp(), _kept()
    answer = kept.get("*", stamp, now)
    if answer is None:
        rows = list(db.session.scalars(select(Country).order_by(Country.code)))
        state = LiveState(rows, now)
        body = canonical_json({"countries": [
            state.payload(country) for country in rows if state.visible(country)
        ]})
        answer = kept.put("*", stamp, body, next_effect(now))
    return cached_bytes(answer.body, "application/json", etag=answer.etag)


@bp.route("/countries/<code>")
@public
def country(code: str) -> ResponseReturnValue:
    if not (len(code) == 2 and code.isupper()):
        return _no_country(code)
    now, stamp, kept = utcnow(), _countries_stamp(), _kept()
    answer = kept.get(code, stamp, now)
    if answer is None:
        found = db.session.get(Country, code)
        state = LiveState([found], now) if found else None
        if found is None or state is None or not state.visible(found):
            return _no_country(code)
        body = canonical_json(state.payload(found))
        answer = kept.put(code, stamp, body, next_effect(now, [code]))
    return cached_bytes(answer.body, "application/json", etag=answer.etag)


def _no_country(code: str) -> ResponseReturnValue:
    return jsonify(error=f"no live country with the code {code!r}", status=404), 404


def _kept() -> revisions.Answers:
    return revisions.answers("countries", COUNTRY_ANSWERS)


@bp.route("/openapi.json")
@public
def openapi() -> ResponseReturnValue:
    from backoffice.api.openapi import build_document

    return json_response(build_document())


bp.add_url_rule("/catalogs/<domain>/<locale>.json", view_func=catalog_json.catalog_json)


COUNTRY = {"$ref": "#/components/schemas/Country"}
OPENAPI_SCHEMAS = {"Country": obj({
    "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
    "stage": {"type": "string", "enum": ["live", "payments_live"]},
    "locales": STRINGS,
    "default_locale": NULLABLE_STRING,
    "currency": STRING,
    "timezone": STRING,
    "ride_rules": obj({"max_seats_per_ride": {"type": "integer", "minimum": 1, "maximum": 8}}),
    "online_payment": obj({"enabled": BOOLEAN, "methods": STRINGS}),
    "id_check": obj({"required_for_drivers": BOOLEAN, "required_for_passengers": BOOLEAN,
                     "documents": STRINGS, "providers": STRINGS}),
    "at_risk": BOOLEAN,
    "incomplete_locales": STRINGS,
}, ["code", "stage", "locales", "currency", "ride_rules", "online_payment", "id_check"])}
NOT_MODIFIED = {"description": "Not modified since the ETag given in If-None-Match"}
OPENAPI_PATHS = {
    "/api/v1/countries": {"get": {
        "operationId": "listCountries",
        "tags": ["client"],
        "summary": "Countries visible to the client apps (live, with or without payment)",
        "responses": {
            "200": json_content(obj({"countries": {"type": "array", "items": COUNTRY}}),
                                "The visible countries"),
            "304": NOT_MODIFIED,
        },
    }},
    "/api/v1/countries/{code}": {"get": {
        "operationId": "getCountry",
        "tags": ["client"],
        "summary": "A visible country's live configuration",
        "parameters": [COUNTRY_CODE_PARAM],
        "responses": {
            "200": json_content(COUNTRY, "The country"),
            "304": NOT_MODIFIED,
            "404": error_content("No visible country has this code"),
        },
    }},
    "/api/v1/openapi.json": {"get": {
        "operationId": "getOpenApiDocument",
        "tags": ["client"],
        "summary": "This document",
        "responses": {
            "200": json_content(obj({"openapi": STRING, "info": {"type": "object"},
                                     "paths": {"type": "object"},
                                     "components": {"type": "object"}}), "The document"),
            "304": NOT_MODIFIED,
        },
    }},
}
