"""The admin API of marketing plans."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from backoffice.api.auth import api_requires
from backoffice.core.api_json import int_field, json_body, string_field
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    INTEGER,
    NULLABLE_STRING,
    STRING,
    admin_json,
    obj,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.marketing import operations as marketing

api = Blueprint("marketing", __name__)


@api.route("/countries/<code>/marketing-plans/<period>", methods=["PUT"])
@api_requires(Permission.MARKETING_WRITE, scope=country_arg())
def marketing_plan(code: str, period: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    plan = marketing.save_plan(country, period, body,
                               expected_version=int_field(body, "version"),
                               reason=string_field(body, "reason", required=False))
    return jsonify(marketing.plan_to_dict(plan))


@api.route("/countries/<code>/marketing-plans/<period>")
@api_requires(Permission.MARKETING_READ)
def marketing_plan_read(code: str, period: str) -> ResponseReturnValue:
    return jsonify(marketing.plan_to_dict(marketing.get_plan(get_country(code).code, period)))


PERIOD_PARAM = {"name": "period", "in": "path", "required": True,
                "schema": STRING, "description": "2026-03 or 2026-Q2"}
AMOUNTS = {"type": "object", "additionalProperties": {
    "type": "object", "additionalProperties": STRING}}
PLAN = {"$ref": "#/components/schemas/MarketingPlan"}
OPENAPI_SCHEMAS = {"MarketingPlan": obj({
    "country": STRING, "period": STRING, "currency": STRING, "budget": STRING,
    "driver_share": STRING, "passenger_share": STRING, "allocations": AMOUNTS,
    "age_bands": AMOUNTS, "target_new_drivers": {"type": ["integer", "null"]},
    "target_new_passengers": {"type": ["integer", "null"]}, "notes": NULLABLE_STRING,
    "version": INTEGER,
    "actual_spend": {"type": "array", "items": obj({
        "id": INTEGER, "audience": STRING, "channel": STRING, "amount": STRING,
        "spent_on": {"type": "string", "format": "date"}, "note": NULLABLE_STRING})},
})}
OPENAPI_PATHS = {"/api/v1/admin/countries/{code}/marketing-plans/{period}": {
    "get": admin_json("getMarketingPlan", "A marketing plan", PLAN, description="The plan",
                      params=[COUNTRY_CODE_PARAM, PERIOD_PARAM]),
    "put": admin_json("saveMarketingPlan", "Create or change a marketing plan", PLAN,
                      description="Saved", conflict=True,
                      params=[COUNTRY_CODE_PARAM, PERIOD_PARAM], body=request_body({
                          "budget": STRING, "driver_share": STRING, "passenger_share": STRING,
                          "allocations": {"type": "object"}, "age_bands": {"type": "object"},
                          "target_new_drivers": INTEGER, "target_new_passengers": INTEGER,
                          "version": INTEGER, "reason": STRING})),
}}
