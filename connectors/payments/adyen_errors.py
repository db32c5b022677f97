"""Adyen's failures as messages for the finance team: what happened, what to check.

Messages name the key only masked and never carry a configured secret, even when Adyen
echoes one back; callers may show and log them as they are.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any
from urllib.error import URLError
from urllib.parse import urlsplit

from Adyen.exceptions import (
    AdyenAPIResponseError,
    AdyenEndpointInvalidFormat,
    AdyenError,
    AdyenInvalidRequestError,
)

from connectors.payments import ErrorKind, PaymentProviderError, mask_secret

if TYPE_CHECKING:
    from connectors.payments.adyen_settings import AdyenSettings

# The SDK uses requests when it is installed and falls back to urllib otherwise: its
# exception classes are recognised when it is there, and nothing matches them when not.
_RequestsErrors = tuple[type[Exception], ...]
try:
    import requests
except ImportError:  # pragma: no cover - depends on the environment
    _REQUESTS_TIMEOUT: _RequestsErrors = ()
    _REQUESTS_CONNECTION: _RequestsErrors = ()
    _REQUESTS_BAD_URL: _RequestsErrors = ()
else:
    _REQUESTS_TIMEOUT = (requests.Timeout,)
    _REQUESTS_CONNECTION = (requests.ConnectionError,)
    _REQUESTS_BAD_URL = (
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
    )

__all__ = ["adyen_message", "translate_failure"]

_MESSAGE_LIMIT = 300


def translate_failure(
    exc: Exception, settings: AdyenSettings, action: str, api_name: str
) -> PaymentProviderError:
    """The message for finance when a call to Adyen raised `exc`; never a secret in it."""
    key = mask_secret(settings.api_key)
    if isinstance(exc, AdyenAPIResponseError):
        status = int(exc.status_code or 0)
        detail = _scrub(settings, adyen_message(exc.message))
        if status == 401:
            return PaymentProviderError(
                ErrorKind.AUTHENTICATION,
                f"Adyen refused the API key ({key}) while {action}. Check that the key is "
                f"copied in full, still active, and made for the {settings.platform} "
                "platform.",
            )
        if status == 403:
            return PaymentProviderError(
                ErrorKind.PERMISSION,
                f"Adyen accepted the API key ({key}) but it may not be used for {action} "
                f"on merchant account {settings.merchant_account}. Check that the API "
                f"credential has the role {_ROLE_HINTS[api_name]} and access to this "
                "merchant account." + (f" Adyen says: {detail}" if detail else ""),
            )
        if status in (400, 422):
            return PaymentProviderError(
                ErrorKind.INVALID_REQUEST,
                f"Adyen rejected the request as invalid while {action}"
                + (f": {detail}" if detail else "."),
            )
        if status == 404:
            return PaymentProviderError(
                ErrorKind.CONFIGURATION,
                f"Adyen's {api_name} API was not found at the configured address while "
                f"{action}. Check the platform and the live endpoint prefix.",
            )
        if status == 429:
            return PaymentProviderError(
                ErrorKind.PROVIDER_UNAVAILABLE,
                "Adyen is limiting how often this account may call it (HTTP 429) while "
                f"{action}. Try again in a minute.",
            )
        if status >= 500:
            return PaymentProviderError(
                ErrorKind.PROVIDER_UNAVAILABLE,
                f"Adyen is having a problem (HTTP {status}) while {action}. Nothing was "
                "changed; try again in a few minutes.",
            )
        return PaymentProviderError(
            ErrorKind.UNEXPECTED,
            f"Adyen answered with an unexpected HTTP {status} while {action}.",
        )
    if isinstance(exc, AdyenEndpointInvalidFormat | AdyenInvalidRequestError):
        return PaymentProviderError(
            ErrorKind.CONFIGURATION,
            f"The Adyen settings are incomplete for {action}: the live platform needs the "
            "live endpoint prefix and every call needs an API key.",
        )
    if _is_timeout(exc):
        return PaymentProviderError(
            ErrorKind.TIMEOUT,
            f"Adyen did not answer within {_seconds(settings.timeout_seconds)} while "
            f"{action}. Adyen may be slow right now; try again in a few minutes.",
        )
    if _is_connection_error(exc):
        return PaymentProviderError(
            ErrorKind.CONNECTION,
            f"Could not connect to Adyen's {api_name} API{_where(settings, api_name)} while "
            f"{action} ({_connection_reason(exc)}). Check the network and the configured "
            "address.",
        )
    if isinstance(exc, AdyenError):
        return PaymentProviderError(
            ErrorKind.UNEXPECTED, f"The Adyen library failed while {action}."
        )
    if _is_bad_url(exc):
        return PaymentProviderError(
            ErrorKind.CONFIGURATION,
            f"The configured Adyen {api_name} address is not a usable URL.",
        )
    return PaymentProviderError(
        ErrorKind.UNEXPECTED,
        f"An unexpected error ({type(exc).__name__}) happened while {action}.",
    )

def _where(settings: AdyenSettings, api_name: str) -> str:
    base = settings.checkout_base_url if api_name == "Checkout" else settings.management_base_url
    if not base:
        return ""
    parts = urlsplit(base)
    return f" at {parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _scrub(settings: AdyenSettings, text: str) -> str:
    # Provider messages are shown to people; make sure no configured secret rides along.
    for secret in (settings.api_key, settings.hmac_key):
        if secret:
            text = text.replace(secret, mask_secret(secret))
    return text


_ROLE_HINTS = {
    "Checkout": "'Checkout webservice role'",
    "Management": "'Management API — Payment methods read'",
}


def _seconds(value: float) -> str:
    return f"{value:g} second" + ("" if value == 1 else "s")


def adyen_message(body: Any) -> str:
    """Adyen's own explanation from a Checkout or Management error body."""
    if isinstance(body, dict):
        # Checkout: {"message", "errorCode"}; Management: {"title", "detail", "invalidFields"}.
        text = str(body.get("message") or body.get("detail") or body.get("title") or "")
        fields = [
            f"{field.get('name')}: {field.get('message')}"
            for field in body.get("invalidFields") or ()
            if isinstance(field, dict)
        ]
        if fields:
            text = f"{text} ({'; '.join(fields)})" if text else "; ".join(fields)
        if body.get("errorCode") and text:
            text = f"{text} [Adyen error {body['errorCode']}]"
    elif isinstance(body, bytes):
        text = body.decode("utf-8", "replace")
    else:
        text = str(body or "")
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, _REQUESTS_TIMEOUT):
        return True
    if isinstance(exc, URLError):
        return isinstance(exc.reason, TimeoutError | socket.timeout)
    return isinstance(exc, TimeoutError | socket.timeout)


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, _REQUESTS_CONNECTION):
        return True
    return isinstance(exc, URLError | ConnectionError)


def _is_bad_url(exc: BaseException) -> bool:
    return isinstance(exc, _REQUESTS_BAD_URL)


def _connection_reason(exc: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else current.__context__
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "unknown host name"
    if any("ssl" in type(e).__name__.lower() for e in chain):
        return "secure connection failed"
    return "no connection"

