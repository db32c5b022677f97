"""The admin API of marketing plans."""

from __future__ import annotations

from flask import Blueprint, jsonify

from backoffice.api.auth import api_requires
from backoffice.core.api_json import int_field, json_body, string_field
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.marketing import operations as marketing

api = Blueprint("marketing", __name__)


@api.route("/countries/<code>/marketing-plans/<period>", methods=["PUT"])
@api_requires(Permission.MARKETING_WRITE, scope=country_arg())
def marketing_plan(code: str, period: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    plan = marketing.save_plan(country, period, body,
                               expected_version=int_field(body, "version"),
                               reason=string_field(body, "reason", required=False))
    return jsonify(marketing.plan_to_dict(plan))


@api.route("/countries/<code>/marketing-plans/<period>")
@api_requires(Permission.MARKETING_READ)
def marketing_plan_read(code: str, period: str):  # type: ignore[no-untyped-def]
    return jsonify(marketing.plan_to_dict(marketing.get_plan(get_country(code).code, period)))
