"""The client API: what the apps read, without sign-in.

Countries in ``planned``, ``translating`` or ``paused`` are invisible. Scheduled moves and
approved payment switch-ons are resolved at read time, so the answer changes on the
minute with no timer. Answers carry an ``ETag``; a matching ``If-None-Match`` gets a 304.
Everything a list needs is loaded in a fixed number of queries, whatever the number of
countries.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.permissions import public
from backoffice.countries.models import PUBLIC_STAGES, Country, Stage
from backoffice.idchecks.models import CountryIdCheckPolicy
from backoffice.idchecks.operations import policy_to_dict
from backoffice.launch.operations import due_stages
from backoffice.payments.models import ChangeStatus, ConnectorCountry, PaymentChangeRequest

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


def not_modified(etag: str) -> Response | None:
    """A 304 for a known ETag, before any work is done to build the body."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    return None


class LiveState:
    """What clients see at one instant, loaded for a set of countries in four queries."""

    def __init__(self, now: datetime, codes: list[str] | None = None) -> None:
        def only(column):  # type: ignore[no-untyped-def]
            return [] if codes is None else [column.in_(codes)]

        self.now = now
        self.due_stage = due_stages(now)
        self.payments_due = set(db.session.scalars(
            select(PaymentChangeRequest.country_code).where(
                PaymentChangeRequest.status == ChangeStatus.APPROVED,
                PaymentChangeRequest.effective_at <= now,
                *only(PaymentChangeRequest.country_code),
            )
        ))
        self.links = {link.country_code: link for link in db.session.scalars(
            select(ConnectorCountry).where(*only(ConnectorCountry.country_code)))}
        self.policies = {row.country_code: row for row in db.session.scalars(
            select(CountryIdCheckPolicy).where(*only(CountryIdCheckPolicy.country_code)))}

    def stage(self, country: Country) -> str:
        stage = self.due_stage.get(country.code, country.stage)
        if stage == Stage.LIVE and country.code in self.payments_due:
            return Stage.PAYMENTS_LIVE.value
        return stage

    def payload(self, country: Country) -> dict[str, Any]:
        stage = self.stage(country)
        link = self.links.get(country.code)
        paying = stage == Stage.PAYMENTS_LIVE
        return {
            "code": country.code,
            "stage": stage,
            "locales": country.locale_codes,
            "default_locale": country.default_locale,
            "currency": country.currency,
            "timezone": country.timezone,
            "ride_rules": {"max_seats_per_ride": country.max_seats_per_ride},
            "online_payment": {
                "enabled": paying,
                "methods": list(link.methods) if paying and link else [],
            },
            "id_check": policy_to_dict(self.policies.get(country.code)),
        }


@bp.route("/countries")
@public
def countries():  # type: ignore[no-untyped-def]
    state = LiveState(utcnow())
    rows = db.session.scalars(select(Country).order_by(Country.code))
    return json_response({"countries": [
        state.payload(country) for country in rows if state.stage(country) in PUBLIC_STAGES
    ]})


@bp.route("/countries/<code>")
@public
def country(code: str):  # type: ignore[no-untyped-def]
    found = db.session.get(Country, code) if len(code) == 2 and code.isupper() else None
    state = LiveState(utcnow(), [code]) if found else None
    if found is None or state is None or state.stage(found) not in PUBLIC_STAGES:
        return jsonify(error=f"no live country with the code {code!r}", status=404), 404
    return json_response(state.payload(found))


@bp.route("/openapi.json")
@public
def openapi():  # type: ignore[no-untyped-def]
    from backoffice.api.openapi import build_document

    return json_response(build_document())


# The catalogs endpoint registers itself on this blueprint.
from backoffice.api import catalog_json  # noqa: E402, F401
