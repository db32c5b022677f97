"""Adyen behind the app's `PaymentConnector` interface, on the official `Adyen` SDK.

Two read-only calls back the finance screens: Checkout `/paymentMethods` (what a shopper
of a country would be offered) and Management `/merchants/{id}/paymentMethodSettings`
(what the merchant account has configured). Webhook items are checked one by one with
the SDK's HMAC helper.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import Adyen
from Adyen.client import AdyenResult
from Adyen.util import generate_notification_sig, is_valid_hmac_notification

from connectors.payments import (
    ErrorKind,
    HealthCheckResult,
    MethodSetting,
    PaymentMethodInfo,
    PaymentProviderError,
)
from connectors.payments.adyen_errors import translate_failure
from connectors.payments.adyen_hosts import GuardedHTTPClient
from connectors.payments.adyen_settings import (
    AdyenSettings,
    DisallowedHostError,
    InvalidSettingsError,
)

__all__ = [
    "AdyenConnector",
    "AdyenSettings",
    "DisallowedHostError",
    "InvalidSettingsError",
    "sign_notification_item",
    "verify_notification_items",
]

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # the largest page Management accepts
MAX_PAGES = 50  # a guard against a provider that keeps announcing more pages
_COUNTRY = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")


def build_adyen_client(settings: AdyenSettings, *, http_force: str | None = None) -> Adyen.Adyen:
    """An SDK client for the settings, pointed at overridden base URLs when given.

    Every request the client sends goes through `GuardedHTTPClient`: the address the SDK
    has built (live prefix applied, query added) is checked against `settings.refusal`
    just before it would be sent, so no code path can send the key elsewhere.
    """
    adyen = Adyen.Adyen(
        xapikey=settings.api_key,
        platform=settings.platform,
        live_endpoint_prefix=settings.live_endpoint_prefix,
        merchant_account=settings.merchant_account,
        http_timeout=settings.timeout_seconds,
        http_force=http_force,
    )
    client = adyen.client
    client._init_http_client()  # the SDK creates it lazily, and never again once created
    client.http_client = GuardedHTTPClient(client.http_client, settings.refusal, _refused)
    if settings.checkout_base_url:
        adyen.checkout.payments_api.baseUrl = settings.checkout_base_url.rstrip("/")
    if settings.management_base_url:
        api = adyen.management.payment_methods_merchant_level_api
        api.baseUrl = settings.management_base_url.rstrip("/")
    return adyen


class AdyenConnector:
    """`PaymentConnector` for Adyen."""

    provider = "adyen"

    def __init__(self, settings: AdyenSettings, *, http_force: str | None = None) -> None:
        # http_force ("requests" or "urllib") pins the SDK's HTTP library; tests cover both.
        self.settings = settings
        self._adyen = build_adyen_client(settings, http_force=http_force)

    def __repr__(self) -> str:
        return f"AdyenConnector({self.settings!r})"

    def health_check(
        self, country_code: str, currency: str, amount_minor: int, shopper_locale: str
    ) -> HealthCheckResult:
        country_code, currency = country_code.upper(), currency.upper()
        if not _COUNTRY.fullmatch(country_code):
            raise ValueError(f"not an ISO 3166 alpha-2 country code: {country_code!r}")
        if not _CURRENCY.fullmatch(currency):
            raise ValueError(f"not an ISO 4217 currency code: {currency!r}")
        if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor < 0:
            raise ValueError("amount_minor must be a non-negative integer in minor units")
        request = {
            "merchantAccount": self.settings.merchant_account,
            "countryCode": country_code,
            "amount": {"currency": currency, "value": amount_minor},
            "shopperLocale": shopper_locale,
        }
        started = time.monotonic()
        api = self._adyen.checkout.payments_api
        result = self._call(
            "listing the payment methods offered to shoppers",
            "Checkout",
            lambda: api.payment_methods(request),
        )
        elapsed_ms = round((time.monotonic() - started) * 1000)
        body = _json_object(result, "Checkout")
        methods = tuple(
            PaymentMethodInfo(
                type=str(method["type"]),
                name=str(method.get("name") or method["type"]),
                brands=tuple(str(brand) for brand in method.get("brands") or ()),
            )
            for method in body.get("paymentMethods") or ()
            if isinstance(method, dict) and method.get("type")
        )
        return HealthCheckResult(
            provider=self.provider,
            country_code=country_code,
            currency=currency,
            amount_minor=amount_minor,
            shopper_locale=shopper_locale,
            methods=methods,
            elapsed_ms=elapsed_ms,
        )

    def merchant_payment_method_settings(
        self, country_code: str | None = None, currency: str | None = None
    ) -> list[MethodSetting]:
        # Management has no country or currency filter: fetch every page, filter here.
        api = self._adyen.management.payment_methods_merchant_level_api
        merchant = self.settings.merchant_account
        found: list[MethodSetting] = []
        page = 1
        while True:
            query = {"pageSize": PAGE_SIZE, "pageNumber": page}
            result = self._call(
                "reading the merchant account's payment methods",
                "Management",
                functools.partial(api.get_all_payment_methods, merchant, query_parameters=query),
            )
            body = _json_object(result, "Management") if result.status_code != 204 else {}
            data = body.get("data") or []
            found.extend(_method_setting(item) for item in data if isinstance(item, dict))
            pages_total = body.get("pagesTotal")
            if not data or not isinstance(pages_total, int) or page >= pages_total:
                break
            if page >= MAX_PAGES:
                log.warning("Adyen announced more than %d pages of payment methods", MAX_PAGES)
                break
            page += 1
        if country_code is not None or currency is not None:
            country = country_code.upper() if country_code else None
            curr = currency.upper() if currency else None
            found = [setting for setting in found if setting.covers(country, curr)]
        return found

    def verify_notification(self, notification: dict[str, Any]) -> bool:
        if not self.settings.hmac_key:
            return False  # without a key nothing can be trusted
        return verify_notification_items(notification, self.settings.hmac_key)

    def _call(self, action: str, api_name: str, call: Callable[[], AdyenResult]) -> AdyenResult:
        try:
            return call()
        except PaymentProviderError:
            raise  # already ours, e.g. an address the guard refused
        except Exception as exc:
            error = translate_failure(exc, self.settings, action, api_name)
            # Log only our own message and the exception class: SDK errors carry raw payloads.
            log.warning(
                "Adyen %s call failed (%s, %s): %s",
                api_name,
                error.kind.value,
                type(exc).__name__,
                error.message,
            )
            raise error from None



def _refused(url: str, reason: str) -> PaymentProviderError:
    # The host only: a refused address may carry user information.
    log.warning("Refused to send an Adyen request to host %r: %s",
                (urlsplit(url).hostname or "")[:100], reason)
    return PaymentProviderError(
        ErrorKind.CONFIGURATION,
        f"Nothing was sent: the address of the call is refused, because {reason}.",
    )


def _json_object(result: AdyenResult, api_name: str) -> dict[str, Any]:
    if not isinstance(result.message, dict):
        raise PaymentProviderError(
            ErrorKind.UNEXPECTED, f"Adyen's {api_name} API answered with an unreadable body."
        )
    return result.message


def _method_setting(item: Mapping[str, Any]) -> MethodSetting:
    known = {"id", "type", "allowed", "enabled", "countries", "currencies", "verificationStatus"}
    return MethodSetting(
        id=str(item.get("id", "")),
        type=str(item.get("type", "")),
        allowed=_optional_bool(item.get("allowed")),
        enabled=_optional_bool(item.get("enabled")),
        countries=tuple(str(c) for c in item.get("countries") or ()),
        currencies=tuple(str(c) for c in item.get("currencies") or ()),
        verification_status=(
            str(item["verificationStatus"]) if item.get("verificationStatus") else None
        ),
        extra={k: v for k, v in item.items() if k not in known},
    )


def _optional_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None



def verify_notification_items(notification: Mapping[str, Any], hmac_key: str) -> bool:
    """True only when EVERY item of a standard webhook carries a valid HMAC signature.

    The SDK helper checks a single item (and only the first one of a whole payload), returns
    None when `additionalData` is absent and raises on malformed input: all of those count as
    forged here.
    """
    if not hmac_key or not isinstance(notification, Mapping):
        return False
    items = notification.get("notificationItems")
    if not isinstance(items, list) or not items:
        return False
    for wrapper in items:
        item = wrapper.get("NotificationRequestItem") if isinstance(wrapper, dict) else None
        if not isinstance(item, dict):
            return False
        # The SDK would descend into a nested "notificationItems" and check that instead.
        if "notificationItems" in item:
            return False
        additional = item.get("additionalData")
        if not isinstance(additional, dict):
            return False
        signature = additional.get("hmacSignature")
        if not isinstance(signature, str) or not signature:
            return False
        try:
            valid = is_valid_hmac_notification(item, hmac_key)
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        if valid is not True:
            return False
    return True


def sign_notification_item(item: Mapping[str, Any], hmac_key: str) -> dict[str, Any]:
    """A copy of a `NotificationRequestItem` with `additionalData.hmacSignature` set."""
    signed = copy.deepcopy(dict(item))
    additional = dict(signed.pop("additionalData", None) or {})
    additional.pop("hmacSignature", None)
    signature = generate_notification_sig(signed, hmac_key).decode("ascii")
    signed["additionalData"] = {**additional, "hmacSignature": signature}
    return signed
