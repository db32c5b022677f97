"""The admin API of payments: connectors, methods, health checks, change requests,
approval and the kill switch, with the same rules as the finance pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.openapi import (
    BOOLEAN,
    COUNTRY_CODE_PARAM,
    DATE_TIME,
    INTEGER,
    NULLABLE_STRING,
    STRING,
    STRINGS,
    admin_json,
    id_param,
    obj,
    request_body,
)
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
def connectors_list() -> ResponseReturnValue:
    return jsonify(connectors=[_connector_json(c) for c in payments.list_connectors()])


@api.route("/payments/connectors", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_create() -> ResponseReturnValue:
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector)), 201


@api.route("/payments/connectors/<int:connector_id>", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=UNSCOPED)
def connector_update(connector_id: int) -> ResponseReturnValue:
    body = json_body()
    connector = payments.save_connector(_connector_input(body),
                                        payments.get_connector(connector_id),
                                        reason=string_field(body, "reason", required=False))
    return jsonify(_connector_json(connector))


@api.route("/countries/<code>/payment-methods", methods=["PUT"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def payment_methods(code: str) -> ResponseReturnValue:
    country = get_country(code)
    methods = json_body().get("methods")
    if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
        raise BadRequest('"methods" must be a list of payment method types.', "methods")
    link = payments.choose_methods(country.code, methods)
    return jsonify(country=country.code, methods=list(link.methods))


@api.route("/countries/<code>/health-check", methods=["POST"])
@api_requires(Permission.PAYMENTS_CONFIGURE, scope=country_arg())
def health_check(code: str) -> ResponseReturnValue:
    check = payments.run_health_check(get_country(code).code, actor=current_user)
    return jsonify(country=check.country_code, ok=check.ok, methods=list(check.methods),
                   checked_at=check.checked_at.isoformat(), error_kind=check.error_kind,
                   error=check.error_message)


@api.route("/countries/<code>/payment-gates")
@api_requires(Permission.PAYMENTS_READ)
def country_payment_gates(code: str) -> ResponseReturnValue:
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
def payment_request(code: str) -> ResponseReturnValue:
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
def payment_approve(change_id: int) -> ResponseReturnValue:
    body = json_body()
    change = payment_changes.approve_change(
        payment_changes.get_change(change_id), current_user,
        note=string_field(body, "note", required=False) or "")
    return jsonify(_change_json(change))


@api.route("/countries/<code>/kill", methods=["POST"])
@api_requires(Permission.PAYMENTS_KILL, scope=country_arg())
def payment_kill(code: str) -> ResponseReturnValue:
    country = payment_changes.kill_payments(get_country(code), current_user,
                                            reason=string_field(json_body(), "reason") or "")
    state = state_of(country)
    return jsonify(country=country.code, stage=state.public_stage, payment=state.payment)


BASE_URL = {"type": "string", "maxLength": 300,
            "description": "Adyen's own host or one of the server's allowlist; a change needs "
                           "api_key again"}
CONNECTOR_FIELDS = {
    "name": STRING, "platform": {"type": "string", "enum": ["test", "live"]},
    "merchant_account": STRING, "api_key": STRING, "hmac_key": STRING,
    "live_endpoint_prefix": STRING, "checkout_base_url": BASE_URL, "management_base_url": BASE_URL,
    "countries": {"type": "array", "items": obj({"country": STRING, "currency": STRING})},
    "reason": STRING,
}
CONNECTOR_BODY = request_body(CONNECTOR_FIELDS, ["name", "platform", "merchant_account"])
CONNECTOR = {"$ref": "#/components/schemas/Connector"}
CHANGE = {"$ref": "#/components/schemas/PaymentChange"}
OPENAPI_SCHEMAS = {
    "Connector": obj({
        "id": INTEGER, "name": STRING, "platform": STRING, "merchant_account": STRING,
        "live_endpoint_prefix": NULLABLE_STRING, "api_key": NULLABLE_STRING,
        "hmac_key": NULLABLE_STRING, "checkout_base_url": NULLABLE_STRING,
        "management_base_url": NULLABLE_STRING,
        "countries": {"type": "array", "items": obj(
            {"country": STRING, "currency": STRING, "methods": STRINGS})},
    }),
    "PaymentChange": obj({
        "id": INTEGER, "country": STRING, "status": STRING, "reason": NULLABLE_STRING,
        "requested_by_id": {"type": ["integer", "null"]},
        "effective_at": NULLABLE_STRING, "effective_local": NULLABLE_STRING,
    }),
}
OPENAPI_PATHS = {
    "/api/v1/admin/payments/connectors": {
        "get": admin_json("listConnectors", "Payment connectors, keys masked",
                          obj({"connectors": {"type": "array", "items": CONNECTOR}}),
                          description="The connectors"),
        "post": admin_json("createConnector", "Configure an Adyen connector", CONNECTOR,
                           ok="201", description="Created", body=CONNECTOR_BODY),
    },
    "/api/v1/admin/payments/connectors/{connector_id}": {
        "put": admin_json("updateConnector", "Change a connector; empty keys keep the stored "
                          "ones", CONNECTOR, description="Changed",
                          params=[id_param("connector_id")], body=CONNECTOR_BODY),
    },
    "/api/v1/admin/countries/{code}/payment-methods": {
        "put": admin_json("choosePaymentMethods", "The payment methods the country offers",
                          obj({"country": STRING, "methods": STRINGS}),
                          description="Chosen", params=[COUNTRY_CODE_PARAM],
                          body=request_body({"methods": STRINGS}, ["methods"])),
    },
    "/api/v1/admin/countries/{code}/health-check": {
        "post": admin_json("runHealthCheck", "Ask Adyen now and record the answer",
                           obj({"country": STRING, "ok": BOOLEAN, "methods": STRINGS,
                                "checked_at": DATE_TIME, "error_kind": NULLABLE_STRING,
                                "error": NULLABLE_STRING}),
                           description="The check", params=[COUNTRY_CODE_PARAM]),
    },
    "/api/v1/admin/countries/{code}/payment-gates": {
        "get": admin_json("getPaymentGates", "The gates into payments_live",
                          obj({"gates": {"type": "array", "items": obj(
                              {"id": STRING, "passed": BOOLEAN, "message": STRING})}}),
                          description="The gates", params=[COUNTRY_CODE_PARAM]),
    },
    "/api/v1/admin/countries/{code}/payment-requests": {
        "post": admin_json("requestPayments", "Ask a second finance user to switch payment on",
                           CHANGE, ok="201", description="Requested", conflict=True,
                           params=[COUNTRY_CODE_PARAM],
                           body=request_body({"reason": STRING, "at": STRING}, ["reason"])),
    },
    "/api/v1/admin/payment-requests/{change_id}/approve": {
        "post": admin_json("approvePayments", "Approve (never by the requester)", CHANGE,
                           description="Approved", conflict=True,
                           params=[id_param("change_id")],
                           body=request_body({"note": STRING})),
    },
    "/api/v1/admin/countries/{code}/kill": {
        "post": admin_json("killPayments", "Turn online payment off at once",
                           obj({"country": STRING, "stage": STRING, "payment": STRING}),
                           description="Killed", conflict=True, params=[COUNTRY_CODE_PARAM],
                           body=request_body({"reason": STRING}, ["reason"])),
    },
}
