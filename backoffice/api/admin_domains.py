"""Admin API over the domains: countries, payments, ID-check policies, marketing plans.

Each view parses JSON, checks the token user's scope, calls the same operation as the
console, and answers JSON. Refusals come back through the blueprint's error handler.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify
from flask_login import current_user

from backoffice.api.admin import (
    BadRequest,
    bp,
    gate_json,
    json_body,
    string_field,
)
from backoffice.api.auth import api_requires
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.countries import cldr, snapshots, validation
from backoffice.countries import operations as countries
from backoffice.countries.queries import all_countries, get_country
from backoffice.countries.scopes import country_arg, country_field
from backoffice.countries.state import state_of
from backoffice.idchecks import operations as idchecks
from backoffice.launch.gates import GateContext, risks
from backoffice.launch.operations import parse_local_time, set_translation_threshold
from backoffice.marketing import operations as marketing
from backoffice.payments import changes as payment_changes
from backoffice.payments import operations as payments
from backoffice.payments.gates import payment_gates
from backoffice.payments.scopes import change_country


def _int_field(body: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(f'"{name}" must be an integer.', name)
    return value


def _locale_specs(value: Any) -> list[validation.LocaleSpec]:
    if not isinstance(value, list) or not value:
        raise BadRequest('"locales" must be a non-empty list of {"code", "parent"}.', "locales")
    specs = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"code": item}
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not (
            item.get("parent") is None or isinstance(item.get("parent"), str)
        ):
            raise BadRequest(f'locales[{index}] must be {{"code": str, "parent": str|null}}.',
                             "locales")
        specs.append(validation.LocaleSpec(item["code"], item.get("parent"),
                                          item.get("other_language") is True))
    return specs


def _config(body: dict[str, Any], base: dict[str, Any]) -> validation.CountryConfig:
    """A configuration from the body, each missing field taken from ``base``."""
    locales = _locale_specs(body["locales"]) if "locales" in body else [
        validation.LocaleSpec(item["code"], item.get("parent")) for item in base["locales"]
    ]
    seats = _int_field(body, "max_seats_per_ride")
    return validation.CountryConfig(
        locales=locales,
        currency=string_field(body, "currency", required=False, max_length=3)
        or base["currency"],
        timezone=string_field(body, "timezone", required=False, max_length=64)
        or base["timezone"],
        max_seats_per_ride=seats if seats is not None else base["max_seats_per_ride"],
        owner_email=string_field(body, "owner", required=False, max_length=254)
        if "owner" in body else base.get("owner"),
        notes=string_field(body, "notes", required=False, max_length=5000) or base.get("notes")
        or "",
    )


def _country_json(country: Any, ctx: GateContext | None = None) -> dict[str, Any]:
    ctx = ctx or GateContext.load([country])
    state = ctx.states[country.code]
    at_risk = risks([country], ctx).get(country.code, [])
    return snapshots.snapshot(country, state) | {
        "version": country.version, "translation_threshold": country.translation_threshold,
        "stage": state.public_stage, "launch_stage": state.stage, "payment": state.payment,
        "at_risk": [gate_json(gate) for gate in at_risk],
    }


@bp.route("/countries")
@api_requires(Permission.COUNTRIES_READ)
def countries_list():  # type: ignore[no-untyped-def]
    rows = all_countries()
    ctx = GateContext.load(rows)
    return jsonify(countries=[_country_json(c, ctx) for c in rows])


@bp.route("/countries", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_field())
def country_create():  # type: ignore[no-untyped-def]
    body = json_body()
    code = string_field(body, "code", max_length=2) or ""
    defaults = cldr.cldr_defaults(code).as_dict()
    config = _config(body, defaults)
    if not config.currency:
        raise BadRequest(
            f"{code} uses several currencies ({', '.join(defaults['currencies'])}): "
            'choose one with "currency".', "currency")
    if not config.timezone:
        raise BadRequest(f'{code} has several time zones: choose one with "timezone".',
                         "timezone")
    country = countries.create_country(
        code, config, reason=string_field(body, "reason", required=False))
    return jsonify(_country_json(country)), 201


@bp.route("/countries/<code>")
@api_requires(Permission.COUNTRIES_READ)
def country_read(code: str):  # type: ignore[no-untyped-def]
    return jsonify(_country_json(get_country(code)))


@bp.route("/countries/<code>", methods=["PATCH"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def country_update(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    version = _int_field(body, "version", required=True)
    reason = string_field(body, "reason", required=False)
    countries.update_country(country, _config(body, snapshots.snapshot(country)),
                             expected_version=version, reason=reason)
    if "translation_threshold" in body:
        set_translation_threshold(country, _int_field(body, "translation_threshold"),
                                  reason=reason)
    return jsonify(_country_json(country))


# --- payments ----------------------------------------------------------------------------


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


@bp.route("/payments/connectors")
@api_requires(Permission.PAYMENTS_READ)
def connectors_list():  # type: ignore[no-untyped-def]
    return jsonify(connectors=[_connector_json(c) for c in payments.list_connectors()])


@bp.route("/payments/connectors", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_create():  # type: ignore[no-untyped-def]
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector)), 201


@bp.route("/payments/connectors/<int:connector_id>", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_update(connector_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        payments.get_connector(connector_id),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector))


@bp.route("/countries/<code>/payment-methods", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def payment_methods(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    methods = json_body().get("methods")
    if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
        raise BadRequest('"methods" must be a list of payment method types.', "methods")
    link = payments.choose_methods(country.code, methods)
    return jsonify(country=country.code, methods=list(link.methods))


@bp.route("/countries/<code>/health-check", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def health_check(code: str):  # type: ignore[no-untyped-def]
    check = payments.run_health_check(get_country(code).code, actor=current_user)
    return jsonify(country=check.country_code, ok=check.ok, methods=list(check.methods),
                   checked_at=check.checked_at.isoformat(), error_kind=check.error_kind,
                   error=check.error_message)


@bp.route("/countries/<code>/payment-gates")
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


@bp.route("/countries/<code>/payment-requests", methods=["POST"])
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


@bp.route("/payment-requests/<int:change_id>/approve", methods=["POST"])
@api_requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def payment_approve(change_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    change = payment_changes.approve_change(
        payment_changes.get_change(change_id), current_user,
        note=string_field(body, "note", required=False) or "")
    return jsonify(_change_json(change))


@bp.route("/countries/<code>/kill", methods=["POST"])
@api_requires(Permission.PAYMENTS_KILL, scope=country_arg())
def payment_kill(code: str):  # type: ignore[no-untyped-def]
    country = payment_changes.kill_payments(get_country(code), current_user,
                                            reason=string_field(json_body(), "reason") or "")
    state = state_of(country)
    return jsonify(country=country.code, stage=state.public_stage, payment=state.payment)


# --- ID checks and marketing ------------------------------------------------------------


@bp.route("/countries/<code>/idcheck-policy", methods=["PUT"])
@api_requires(Permission.IDCHECK_WRITE, scope=country_arg())
def idcheck_policy(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    row, warnings = idchecks.save_policy(
        country, body, expected_version=_int_field(body, "version"),
        reason=string_field(body, "reason", required=False))
    return jsonify(policy=idchecks.policy_to_dict(row), version=row.version,
                   warnings=[w.message for w in warnings])


@bp.route("/countries/<code>/marketing-plans/<period>", methods=["PUT"])
@api_requires(Permission.MARKETING_WRITE, scope=country_arg())
def marketing_plan(code: str, period: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    plan = marketing.save_plan(country, period, body,
                               expected_version=_int_field(body, "version"),
                               reason=string_field(body, "reason", required=False))
    return jsonify(marketing.plan_to_dict(plan))


@bp.route("/countries/<code>/marketing-plans/<period>")
@api_requires(Permission.MARKETING_READ)
def marketing_plan_read(code: str, period: str):  # type: ignore[no-untyped-def]
    return jsonify(marketing.plan_to_dict(marketing.get_plan(get_country(code).code, period)))
