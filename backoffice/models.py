"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from backoffice.accounts.models import LoginAttempt, User, UserCountryScope, UserLocaleScope
from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.countries.models import Country, CountryLocale, Locale
from backoffice.idchecks.models import CountryIdCheckPolicy, ProviderCoverage
from backoffice.marketing.models import (
    ActualSpend,
    ExchangeRate,
    MarketingPlan,
    PlanAgeBand,
    PlanAllocation,
)

__all__ = [
    "ActualSpend",
    "AuditEvent",
    "Base",
    "Country",
    "CountryIdCheckPolicy",
    "CountryLocale",
    "ExchangeRate",
    "Locale",
    "LoginAttempt",
    "MarketingPlan",
    "PlanAgeBand",
    "PlanAllocation",
    "ProviderCoverage",
    "User",
    "UserCountryScope",
    "UserLocaleScope",
]
