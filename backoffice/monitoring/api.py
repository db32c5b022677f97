"""Admin API: a country's payment watch (figures, alerts, policy)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    admin_operation,
    admin_responses,
    json_content,
)
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.monitoring import watch

api = Blueprint("monitoring", __name__)


def _watch_json(country: Any) -> dict[str, Any]:
    policy = watch.policy_of(country.code)
    found = watch.current_figures(country)
    numbers = found[0] if found else None
    return {
        "country": country.code,
        "policy": {"threshold_percent": policy.threshold_percent,
                   "min_volume": policy.min_volume, "window_minutes": policy.window_minutes,
                   "action": policy.action},
        "figures": None if numbers is None else {
            "since": numbers.start.isoformat(), "volume": numbers.volume,
            "successes": numbers.successes, "percent": numbers.percent,
            "below_threshold": numbers.below(policy)},
        "alerts": [{"id": a.id, "opened_at": a.opened_at.isoformat(),
                    "closed_at": a.closed_at.isoformat() if a.closed_at else None,
                    "summary": a.summary, "action": a.action}
                   for a in watch.alerts_of(country.code)],
    }


def _whole(body: dict[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(f'"{name}" must be an integer.', name)
    return value


@api.route("/countries/<code>/payment-watch")
@api_requires(Permission.PAYMENTS_READ)
def payment_watch(code: str) -> ResponseReturnValue:
    return jsonify(_watch_json(get_country(code)))


@api.route("/countries/<code>/payment-watch", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def payment_watch_save(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    current = watch.policy_of(country.code)
    watch.save_policy(
        country, threshold_percent=_whole(body, "threshold_percent", current.threshold_percent),
        min_volume=_whole(body, "min_volume", current.min_volume),
        window_minutes=_whole(body, "window_minutes", current.window_minutes),
        action=string_field(body, "action", required=False, max_length=8) or current.action,
        reason=string_field(body, "reason", required=False),
        actor=current_user._get_current_object())
    return jsonify(_watch_json(country))


POLICY: dict[str, Any] = {"type": "object", "required": [
    "threshold_percent", "min_volume", "window_minutes", "action"], "properties": {
    "threshold_percent": {"type": "integer", "minimum": 1, "maximum": 100},
    "min_volume": {"type": "integer", "minimum": 1, "maximum": watch.MAX_VOLUME},
    "window_minutes": {"type": "integer", "minimum": 5, "maximum": watch.MAX_WINDOW},
    "action": {"type": "string", "enum": ["alert", "propose", "kill"]}}}
OPENAPI_SCHEMAS = {"PaymentWatch": {
    "type": "object", "required": ["country", "policy", "figures", "alerts"],
    "properties": {
        "country": {"type": "string"}, "policy": POLICY,
        "figures": {"oneOf": [{"type": "null"}, {
            "type": "object",
            "required": ["since", "volume", "successes", "percent", "below_threshold"],
            "properties": {"since": {"type": "string", "format": "date-time"},
                           "volume": {"type": "integer"}, "successes": {"type": "integer"},
                           "percent": {"type": "integer"},
                           "below_threshold": {"type": "boolean"}}}]},
        "alerts": {"type": "array", "items": {
            "type": "object", "required": ["id", "opened_at", "summary", "action"],
            "properties": {"id": {"type": "integer"},
                           "opened_at": {"type": "string", "format": "date-time"},
                           "closed_at": {"type": ["string", "null"]},
                           "summary": {"type": "string"}, "action": {"type": "string"}}}},
    },
}}
WATCH = {"$ref": "#/components/schemas/PaymentWatch"}
OPENAPI_PATHS = {"/api/v1/admin/countries/{code}/payment-watch": {
    "get": admin_operation(
        "getPaymentWatch", "Authorisation success since payment went on, alerts and policy",
        admin_responses({"200": json_content(WATCH, "The payment watch")}),
        parameters=[COUNTRY_CODE_PARAM]),
    "put": admin_operation(
        "setPaymentWatch", "Change the country's payment watch policy",
        admin_responses({"200": json_content(WATCH, "The payment watch")}),
        parameters=[COUNTRY_CODE_PARAM],
        requestBody={"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {
                **POLICY["properties"], "reason": {"type": "string", "maxLength": 500}}}}}}),
}}
