"""Admin API: a country's target dates and translation forecast."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.arguments import parse_date
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    admin_operation,
    admin_responses,
    json_content,
)
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.planning import operations
from backoffice.planning.forecast import forecasts, locale_targets, targets_of

MAX_LOCALES = 50

api = Blueprint("planning", __name__)


def _forecast_json(country: Any) -> dict[str, Any]:
    return {
        "country": country.code,
        "targets": {stage: day.isoformat() for stage, day in
                    targets_of([country.code]).get(country.code, {}).items()},
        "locale_targets": {locale: day.isoformat() for locale, day in
                           locale_targets(country.locale_codes).items()},
        "forecasts": [item.as_json() for item in forecasts([country])[country.code]],
    }


def _date_or_none(value: Any, name: str) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f'"{name}" must be a date (YYYY-MM-DD) or null.', name)
    return parse_date(value, name)


@api.route("/countries/<code>/forecast")
@api_requires(Permission.COUNTRIES_READ)
def country_forecast(code: str) -> ResponseReturnValue:
    return jsonify(_forecast_json(get_country(code)))


@api.route("/countries/<code>/targets", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def country_targets(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    stages, locales = body.get("targets", {}), body.get("locale_targets", {})
    if not isinstance(stages, dict) or not isinstance(locales, dict):
        raise BadRequest('"targets" and "locale_targets" must be objects of dates.')
    if len(stages) > len(operations.TARGET_STAGES) or len(locales) > MAX_LOCALES:
        raise BadRequest("Too many targets in one request.")
    reason = string_field(body, "reason", required=False)
    actor = current_user._get_current_object()
    for stage, value in stages.items():
        operations.set_stage_target(country, stage, _date_or_none(value, stage),
                                    actor=actor, reason=reason)
    for locale, value in locales.items():
        if locale not in country.locale_codes:
            raise BadRequest(f"{locale} is not a locale of {country.code}.", "locale_targets")
        operations.set_locale_target(locale, _date_or_none(value, locale), actor=actor,
                                     reason=reason)
    return jsonify(_forecast_json(country))


DATES = {"type": "object", "additionalProperties": {"type": "string", "format": "date"}}
NULLABLE_DATES = {"type": "object", "maxProperties": MAX_LOCALES,
                  "additionalProperties": {"type": ["string", "null"], "format": "date"}}
OPENAPI_SCHEMAS = {
    "Forecast": {
        "type": "object",
        "required": ["country", "locale", "done", "total", "needed_percent", "missing",
                     "pace_per_day", "forecast_date", "target_date", "status", "sentence"],
        "properties": {
            "country": {"type": "string"}, "locale": {"type": "string"},
            "done": {"type": "integer"}, "total": {"type": "integer"},
            "needed_percent": {"type": "integer"}, "missing": {"type": "integer"},
            "pace_per_day": {"type": "number"},
            "forecast_date": {"type": ["string", "null"], "format": "date"},
            "target_date": {"type": ["string", "null"], "format": "date"},
            "status": {"type": "string",
                       "enum": ["passed", "on_track", "at_risk", "no_target"]},
            "sentence": {"type": "string"},
        },
    },
    "CountryForecast": {
        "type": "object", "required": ["country", "targets", "locale_targets", "forecasts"],
        "properties": {
            "country": {"type": "string"}, "targets": DATES, "locale_targets": DATES,
            "forecasts": {"type": "array", "items": {"$ref": "#/components/schemas/Forecast"}},
        },
    },
}
FORECAST = {"$ref": "#/components/schemas/CountryForecast"}
OPENAPI_PATHS = {
    "/api/v1/admin/countries/{code}/forecast": {"get": admin_operation(
        "getForecast", "Target dates, and when each locale passes its gate at today's pace",
        admin_responses({"200": json_content(FORECAST, "The forecast")}),
        parameters=[COUNTRY_CODE_PARAM])},
    "/api/v1/admin/countries/{code}/targets": {"put": admin_operation(
        "setTargets", "Set or clear (null) target dates by stage and by locale",
        admin_responses({"200": json_content(FORECAST, "The forecast with the targets")}),
        parameters=[COUNTRY_CODE_PARAM],
        requestBody={"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {
                "targets": {**NULLABLE_DATES, "maxProperties": 3},
                "locale_targets": NULLABLE_DATES,
                "reason": {"type": "string", "maxLength": 500}}}}}})},
}
