"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from backoffice.accounts.models import LoginAttempt, User, UserCountryScope, UserLocaleScope
from backoffice.audit.models import AuditEvent
from backoffice.catalogs.models import Catalog, ImportBatch, Message, TranslationHistory
from backoffice.core.db import Base
from backoffice.countries.models import Country, CountryLocale, Locale

__all__ = [
    "AuditEvent",
    "Base",
    "Catalog",
    "Country",
    "CountryLocale",
    "ImportBatch",
    "Locale",
    "LoginAttempt",
    "Message",
    "TranslationHistory",
    "User",
    "UserCountryScope",
    "UserLocaleScope",
]
