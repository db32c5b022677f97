"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from backoffice.accounts.models import (
    ApiToken,
    LoginAttempt,
    User,
    UserCountryScope,
    UserLocaleScope,
)
from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.countries.models import Country, CountryLocale, Locale
from backoffice.launch.models import StageChange

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Base",
    "Country",
    "CountryLocale",
    "Locale",
    "StageChange",
    "LoginAttempt",
    "User",
    "UserCountryScope",
    "UserLocaleScope",
]
