"""The admin API of payments: connectors, methods, health checks, change requests,
approval and the kill switch, with the same rules as the finance pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.countries.state import state_of
from backoffice.launch.operations import parse_local_time
from backoffice.payments import changes as payment_changes
from backoffice.payments import operations as payments
from backoffice.payments.gates import payment_gates
from backoffice.payments.scopes import change_country

api = Blueprint("payments", __name__)


def _connector_json(connector: Any) -> dict[str, Any]:
    return {
        "id": connector.id, "name": connector.name, "platform": connector.platform,
        "merchant_account": connector.merchant_account,
        "live_endpoint_prefix": connector.live_endpoint_prefix,
        "api_key": f"••••{connector.api_key_hint}" if connector.api_key_hint else None,
        "hmac_key": f"••••{connector.hmac_key_hint}" if connector.hmac_key_hint else None,
        "checkout_base_url": connector.checkout_base_url,
        "management_base_url": connector.management_base_url,
        "countries": [{"country": c.country_code, "currency": c.currency,
                       "methods": list(c.methods)} for c in connector.countries],
    }


def _connector_input(body: dict[str, Any]) -> payments.ConnectorInput:
    raw_countries = body.get("countries", [])
    if not isinstance(raw_countries, list) or not all(
        isinstance(c, dict) and isinstance(c.get("country"), str)
        and isinstance(c.get("currency"), str) for c in raw_countries
    ):
        raise BadRequest('"countries" must be a list of {"country", "currency"}.', "countries")
    text = "\n".join(f"{c['country']} {c['currency']}" for c in raw_countries)
    return payments.ConnectorInput(
        name=string_field(body, "name", max_length=100) or "",
        platform=string_field(body, "platform", max_length=8) or "",
        merchant_account=string_field(body, "merchant_account", max_length=100) or "",
        api_key=string_field(body, "api_key", required=False, max_length=500),
        hmac_key=string_field(body, "hmac_key", required=False, max_length=500),
        live_endpoint_prefix=string_field(body, "live_endpoint_prefix", required=False,
                                          max_length=100),
        # Hosts limited by the server's allowlist; a change needs "api_key" again.
        checkout_base_url=string_field(body, "checkout_base_url", required=False,
                                       max_length=300),
        management_base_url=string_field(body, "management_base_url", required=False,
                                         max_length=300),
        countries=payments.parse_countries(text),
    )


@api.route("/payments/connectors")
@api_requires(Permission.PAYMENTS_READ)
def connectors_list():  # type: ignore[no-untyped-def]
    return jsonify(connectors=[_connector_json(c) for c in payments.list_connectors()])


@api.route("/payments/connectors", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_create():  # type: ignore[no-untyped-def]
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector)), 201


@api.route("/payments/connectors/<int:connector_id>", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_update(connector_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        payments.get_connector(connector_id),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector))


@api.route("/countries/<code>/payment-methods", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def payment_methods(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    methods = json_body().get("methods")
    if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
        raise BadRequest('"methods" must be a list of payment method types.', "methods")
    link = payments.choose_methods(country.code, methods)
    return jsonify(country=country.code, methods=list(link.methods))


@api.route("/countries/<code>/health-check", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def health_check(code: str):  # type: ignore[no-untyped-def]
    check = payments.run_health_check(get_country(code).code, actor=current_user)
    return jsonify(country=check.country_code, ok=check.ok, methods=list(check.methods),
                   checked_at=check.checked_at.isoformat(), error_kind=check.error_kind,
                   error=check.error_message)


@api.route("/countries/<code>/payment-gates")
@api_requires(Permission.PAYMENTS_READ)
def country_payment_gates(code: str):  # type: ignore[no-untyped-def]
    gates = payment_gates(get_country(code))
    return jsonify(gates=[{"id": g.id, "passed": g.passed, "message": g.message}
                          for g in gates])


def _change_json(change: Any) -> dict[str, Any]:
    return {
        "id": change.id, "country": change.country_code, "status": change.status,
        "reason": change.reason, "requested_by_id": change.requested_by_id,
        "effective_at": change.effective_at.isoformat() if change.effective_at else None,
        "effective_local": change.effective_local,
    }


@api.route("/countries/<code>/payment-requests", methods=["POST"])
@api_requires(Permission.PAYMENTS_REQUEST, scope=country_arg())
def payment_request(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    at_local = string_field(body, "at", required=False, max_length=16)
    when: datetime | None = parse_local_time(country, at_local) if at_local else None
    change = payment_changes.request_payments_on(
        country, current_user, reason=string_field(body, "reason") or "",
        effective_at=when, effective_local=f"{at_local} {country.timezone}" if at_local else None,
    )
    return jsonify(_change_json(change)), 201


@api.route("/payment-requests/<int:change_id>/approve", methods=["POST"])
@api_requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def payment_approve(change_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    change = payment_changes.approve_change(
        payment_changes.get_change(change_id), current_user,
        note=string_field(body, "note", required=False) or "")
    return jsonify(_change_json(change))


@api.route("/countries/<code>/kill", methods=["POST"])
@api_requires(Permission.PAYMENTS_KILL, scope=country_arg())
def payment_kill(code: str):  # type: ignore[no-untyped-def]
    country = payment_changes.kill_payments(get_country(code), current_user,
                                            reason=string_field(json_body(), "reason") or "")
    state = state_of(country)
    return jsonify(country=country.code, stage=state.public_stage, payment=state.payment)
