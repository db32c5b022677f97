"""Adyen behind the app's `PaymentConnector` interface, on the official `Adyen` SDK.

Two read-only calls back the finance screens: Checkout `/paymentMethods` (what a shopper
of a country would be offered) and Management `/merchants/{id}/paymentMethodSettings`
(what the merchant account has configured). Webhook items are checked one by one with
the SDK's HMAC helper.
"""

from __future__ import annotations

import copy
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
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
    mask_secret,
)
from connectors.payments.adyen_errors import translate_failure
from connectors.payments.adyen_hosts import GuardedHTTPClient, parse_pattern, refusal

__all__ = [
    "AdyenConnector",
    "AdyenSettings",
    "DisallowedHostError",
    "InvalidSettingsError",
    "sign_notification_item",
    "verify_notification_items",
]

log = logging.getLogger(__name__)

Platform = Literal["test", "live"]
PAGE_SIZE = 100  # the largest page Management accepts
MAX_PAGES = 50  # a guard against a provider that keeps announcing more pages

# Adyen's live prefix looks like "1797a841fbb37ca7-AdyenDemo"; it becomes part of a host name.
_LIVE_PREFIX = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# Merchant account codes go into URL paths unescaped by the SDK.
_MERCHANT_ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")


class InvalidSettingsError(PaymentProviderError, ValueError):
    """Adyen settings that cannot work; raised before any call is made."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.CONFIGURATION, message)


class DisallowedHostError(InvalidSettingsError):
    """A base URL whose host may not receive the API key (see `adyen_hosts`)."""

    def __init__(self, field: str, url: str, reason: str) -> None:
        super().__init__(f"{field} may not be {url!r}: {reason}.")
        self.field = field
        self.url = url
        self.reason = reason


@dataclass(frozen=True, repr=False)
class AdyenSettings:
    """How to reach one Adyen merchant account."""

    platform: Platform
    api_key: str
    merchant_account: str
    live_endpoint_prefix: str | None = None
    hmac_key: str | None = None
    # Override the SDK's base URLs, including the version (".../checkout/v72"), for a local
    # Adyen-compatible server. Their hosts must be Adyen's or match `allowed_hosts`.
    checkout_base_url: str | None = None
    management_base_url: str | None = None
    timeout_seconds: float = 10.0
    # host[:port] patterns from the server's configuration (`adyen_hosts.parse_allowlist`),
    # never from the person editing the connector.
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.platform not in ("test", "live"):
            raise InvalidSettingsError(
                f"The Adyen platform must be 'test' or 'live', not {self.platform!r}."
            )
        if not self.api_key or not self.api_key.strip():
            raise InvalidSettingsError("The Adyen API key is missing.")
        if not _MERCHANT_ACCOUNT.fullmatch(self.merchant_account or ""):
            raise InvalidSettingsError(
                "The Adyen merchant account must be its code, e.g. 'CarpoolDemo' "
                "(letters, digits, '_', '-' or '.')."
            )
        if self.platform == "live":
            if not self.live_endpoint_prefix:
                raise InvalidSettingsError(
                    "The live platform needs the live endpoint prefix of the company account "
                    "(Customer Area > Developers > API URLs, e.g. '1797a841fbb37ca7-AdyenDemo')."
                )
            if not _LIVE_PREFIX.fullmatch(self.live_endpoint_prefix):
                raise InvalidSettingsError(
                    "The live endpoint prefix may hold only letters, digits and '-', "
                    "e.g. '1797a841fbb37ca7-AdyenDemo'."
                )
        if self.hmac_key is not None and not _HEX.fullmatch(self.hmac_key):
            raise InvalidSettingsError(
                "The HMAC key must be the hexadecimal key shown for the webhook in the "
                "Customer Area."
            )
        for pattern in self.allowed_hosts:
            try:
                parse_pattern(pattern)
            except ValueError as error:
                raise InvalidSettingsError(f"The allowlist of Adyen hosts: {error}.") from None
        for name in ("checkout_base_url", "management_base_url"):
            url = getattr(self, name)
            if url is not None:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise InvalidSettingsError(f"{name} must be an http(s) URL.")
                if parts.username or parts.password or parts.query or parts.fragment:
                    raise InvalidSettingsError(
                        f"{name} must be a plain base URL, without credentials or query."
                    )
                reason = self.refusal(url)
                if reason is not None:
                    raise DisallowedHostError(name, url, reason)
        if not self.timeout_seconds > 0:
            raise InvalidSettingsError("The Adyen time-out must be a positive number of seconds.")

    def __repr__(self) -> str:
        return (
            f"AdyenSettings(platform={self.platform!r}, api_key={mask_secret(self.api_key)!r}, "
            f"merchant_account={self.merchant_account!r}, "
            f"live_endpoint_prefix={self.live_endpoint_prefix!r}, "
            f"hmac_key={mask_secret(self.hmac_key)!r}, "
            f"checkout_base_url={self.checkout_base_url!r}, "
            f"management_base_url={self.management_base_url!r}, "
            f"timeout_seconds={self.timeout_seconds!r}, "
            f"allowed_hosts={self.allowed_hosts!r})"
        )

    __str__ = __repr__

    def refusal(self, url: str) -> str | None:
        """Why these settings may not send their API key to `url`; None when they may."""
        return refusal(
            url,
            platform=self.platform,
            live_endpoint_prefix=self.live_endpoint_prefix,
            allowlist=self.allowed_hosts,
        )


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
                lambda q=query: api.get_all_payment_methods(merchant, query_parameters=q),
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
