"""The one interface the app uses to talk to a payment provider.

Views and operations depend only on `PaymentConnector` and the plain result types below;
the provider-specific code (today Adyen) lives in its own module and is chosen by
`connectors.payments.build.build_payment_connector`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "ErrorKind",
    "HealthCheckResult",
    "MethodSetting",
    "PaymentConnector",
    "PaymentMethodInfo",
    "PaymentProviderError",
    "mask_secret",
]

MASK = "••••"


def mask_secret(value: str | None) -> str:
    """`••••abcd`: enough to tell keys apart, never enough to use one."""
    if not value:
        return "(not set)"
    if len(value) < 12:  # the last 4 characters of a short secret are too much of it
        return MASK
    return MASK + value[-4:]


class ErrorKind(StrEnum):
    """Why a provider call failed, so the UI can react without parsing messages."""

    AUTHENTICATION = "authentication"  # the API key was refused (401)
    PERMISSION = "permission"  # the key is valid but lacks a role (403)
    INVALID_REQUEST = "invalid_request"  # the provider rejected what we sent (400, 422)
    PROVIDER_UNAVAILABLE = "provider_unavailable"  # the provider failed (5xx)
    TIMEOUT = "timeout"
    CONNECTION = "connection"  # refused, DNS, TLS: nothing answered
    CONFIGURATION = "configuration"  # our own settings cannot work
    UNEXPECTED = "unexpected"  # anything else, e.g. an unreadable answer


class PaymentProviderError(Exception):
    """A failed provider call, with a message meant for the finance team.

    The message never contains credentials; callers may show and log it as is.
    """

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = ErrorKind(kind)
        self.message = message

    def __repr__(self) -> str:
        return f"PaymentProviderError(kind={self.kind.value!r}, message={self.message!r})"


@dataclass(frozen=True)
class PaymentMethodInfo:
    """A payment method a shopper would be offered."""

    type: str
    name: str
    brands: tuple[str, ...] = ()


@dataclass(frozen=True)
class HealthCheckResult:
    """What the provider offers shoppers of one country, currency and amount."""

    provider: str
    country_code: str
    currency: str
    amount_minor: int
    shopper_locale: str
    methods: tuple[PaymentMethodInfo, ...]
    elapsed_ms: int

    @property
    def method_types(self) -> tuple[str, ...]:
        return tuple(method.type for method in self.methods)

    @property
    def ok(self) -> bool:
        # Reachable but offering nothing is not a usable launch configuration.
        return bool(self.methods)


@dataclass(frozen=True)
class MethodSetting:
    """One payment method as configured on the merchant account."""

    id: str
    type: str
    allowed: bool | None
    enabled: bool | None
    countries: tuple[str, ...]
    currencies: tuple[str, ...]
    verification_status: str | None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def usable(self) -> bool:
        """True when shoppers can pay with it today."""
        return bool(self.allowed and self.enabled) and self.verification_status in (None, "valid")

    def covers(self, country_code: str | None = None, currency: str | None = None) -> bool:
        # An empty list on the provider side means "no restriction".
        country_ok = country_code is None or not self.countries or country_code in self.countries
        currency_ok = currency is None or not self.currencies or currency in self.currencies
        return country_ok and currency_ok


@runtime_checkable
class PaymentConnector(Protocol):
    """What the app needs from a payment provider."""

    provider: str

    def health_check(
        self, country_code: str, currency: str, amount_minor: int, shopper_locale: str
    ) -> HealthCheckResult:
        """Ask which methods a shopper would see; raises `PaymentProviderError`."""
        ...

    def merchant_payment_method_settings(
        self, country_code: str | None = None, currency: str | None = None
    ) -> list[MethodSetting]:
        """List the merchant account's method settings; raises `PaymentProviderError`."""
        ...

    def verify_notification(self, notification: dict[str, Any]) -> bool:
        """True only when every item of a webhook payload is authentic."""
        ...
