"""How to reach one Adyen merchant account, checked before any call is made.

Apart from the connector (`adyen`) so that the connector and its error translation
(`adyen_errors`) both read it without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from connectors.payments import ErrorKind, PaymentProviderError, mask_secret
from connectors.payments.adyen_hosts import parse_pattern, refusal

Platform = Literal["test", "live"]

# Adyen's live prefix looks like "1797a841fbb37ca7-AdyenDemo"; it becomes part of a host name.
_LIVE_PREFIX = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# Merchant account codes go into URL paths unescaped by the SDK.
_MERCHANT_ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")


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


def as_platform(value: str) -> Platform:
    """``value`` as an Adyen platform, or :class:`InvalidSettingsError`."""
    if value == "test":
        return "test"
    if value == "live":
        return "live"
    raise InvalidSettingsError(f"The Adyen platform must be 'test' or 'live', not {value!r}.")


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
        as_platform(self.platform)
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
