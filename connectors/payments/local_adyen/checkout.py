"""Checkout v72 `POST /paymentMethods`: what a shopper of a country would be offered.

The usable methods of the merchant account (allowed, enabled, verification valid) that
cover the request's country and currency, with card brands grouped under one `scheme`
method, as Adyen does. Empty `countries`/`currencies` mean "any". Errors are Checkout's
ServiceError bodies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Request, Response

from connectors.payments.local_adyen.wire import ApiErrors, json_response, reference

# Types Checkout folds into its single "scheme" (cards) entry.
CARD_BRANDS = frozenset(
    {
        "amex",
        "cartebancaire",
        "cup",
        "diners",
        "discover",
        "elo",
        "hipercard",
        "jcb",
        "maestro",
        "mc",
        "visa",
    }
)


def payment_methods(
    request: Request,
    data: dict[str, Any],
    key_config: dict[str, Any],
    errors: CheckoutErrors,
) -> Response:
    try:
        payload = json.loads(request.get_data() or b"null")
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return errors.bad_request("Unable to parse message.")
    merchant = payload.get("merchantAccount")
    if not isinstance(merchant, str) or not merchant:
        return errors.invalid("Required field 'merchantAccount' is not provided.")
    account = data["merchantAccounts"].get(merchant)
    if account is None or merchant not in key_config.get("merchantAccounts", []):
        return errors.forbidden("Invalid Merchant Account", error_code="901")
    country = payload.get("countryCode")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        return errors.invalid("Invalid countryCode.")
    amount = payload.get("amount")
    currency = None
    if amount is not None:
        currency = amount.get("currency") if isinstance(amount, dict) else None
        if not isinstance(currency, str) or len(currency) != 3:
            return errors.invalid("Invalid amount currency.")
    offered = [
        method
        for method in account["paymentMethods"]
        if _usable(method) and _covers(method, country, currency)
    ]
    return json_response({"paymentMethods": _checkout_methods(offered)}, 200)


def _usable(method: Mapping[str, Any]) -> bool:
    return (
        method.get("allowed", True) is True
        and method.get("enabled", True) is True
        and method.get("verificationStatus", "valid") == "valid"
    )


def _covers(method: Mapping[str, Any], country: str | None, currency: str | None) -> bool:
    countries = method.get("countries") or []
    currencies = method.get("currencies") or []
    return (country is None or not countries or country.upper() in countries) and (
        currency is None or not currencies or currency.upper() in currencies
    )


def _checkout_methods(methods: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    brands = [m["type"] for m in methods if m["type"] in CARD_BRANDS]
    offered: list[dict[str, Any]] = []
    if brands:
        offered.append({"brands": list(dict.fromkeys(brands)), "name": "Cards", "type": "scheme"})
    seen: set[str] = set()
    for method in methods:
        kind = method["type"]
        if kind in CARD_BRANDS or kind in seen:
            continue
        seen.add(kind)
        offered.append({"name": str(method.get("name") or kind), "type": kind})
    return offered


class CheckoutErrors(ApiErrors):
    """Checkout's ServiceError bodies: status, errorCode, message, errorType."""

    def _error(self, status: int, code: str, message: str, kind: str) -> Response:
        body = {
            "status": status,
            "errorCode": code,
            "message": message,
            "errorType": kind,
            "pspReference": reference(),
        }
        return json_response(body, status)

    def unauthorized(self) -> Response:
        return self._error(401, "000", "HTTP Status Response - Unauthorized", "security")

    def forbidden(self, message: str, error_code: str | None = None) -> Response:
        return self._error(403, error_code or "010", message, "security")

    def bad_request(self, message: str) -> Response:
        return self._error(400, "000", message, "validation")

    def invalid(self, message: str, error_code: str = "000") -> Response:
        return self._error(422, error_code, message, "validation")

    def unprocessable(self, message: str | None, error_code: str | None) -> Response:
        return self.invalid(message or "Unable to process the request.", error_code or "000")

    def internal(self, message: str | None, error_code: str | None) -> Response:
        return self._error(500, error_code or "000", message or "Internal error", "internal")
