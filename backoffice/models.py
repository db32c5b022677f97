"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from backoffice.accounts.models import LoginAttempt, User, UserCountryScope, UserLocaleScope
from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.countries.models import Country, CountryLocale, Locale
from backoffice.payments.models import (
    ConnectorCountry,
    HealthCheck,
    PaymentChangeRequest,
    PaymentConnectorConfig,
    WebhookEvent,
)

__all__ = [
    "AuditEvent",
    "Base",
    "ConnectorCountry",
    "Country",
    "CountryLocale",
    "HealthCheck",
    "Locale",
    "LoginAttempt",
    "PaymentChangeRequest",
    "PaymentConnectorConfig",
    "User",
    "UserCountryScope",
    "UserLocaleScope",
    "WebhookEvent",
]
