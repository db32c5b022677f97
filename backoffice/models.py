"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from backoffice.accounts.models import LoginAttempt, User, UserCountryScope, UserLocaleScope
from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.countries.models import Country, CountryLocale, CountryVersion, Locale

__all__ = [
    "AuditEvent",
    "Base",
    "Country",
    "CountryLocale",
    "CountryVersion",
    "Locale",
    "LoginAttempt",
    "User",
    "UserCountryScope",
    "UserLocaleScope",
]
