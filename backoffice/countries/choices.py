"""What the country forms offer: currencies in use today, the country's own time zones
first and apart, owners among the launch managers.

A choice list is a list of ``(value, label)`` pairs or, for groups, a dict of group label
to such a list (WTForms renders it as ``<optgroup>``s).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import User
from backoffice.core.db import db
from backoffice.countries import validation

Choices = list[tuple[str, str]] | dict[str, list[tuple[str, str]]]

OWNER_ROLE = "launch_manager"


@cache
def _currencies_in_use(today: date) -> tuple[str, ...]:
    """Every currency that is legal tender somewhere today (CLDR's dates), not the German
    Mark nor the Afghan Afghani of 1927."""
    found: set[str] = set()
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, today, tender=True))
    return tuple(sorted(found & set(validation.all_currencies())))


def currencies_in_use(today: date | None = None) -> list[str]:
    return list(_currencies_in_use(today or date.today()))


def currency_choices(code: str, current: str | None, today: date | None = None) -> Choices:
    locale = str(get_locale() or "en")

    def label(currency: str) -> str:
        try:
            return f"{currency} · {get_currency_name(currency, locale=locale)}"
        except (ValueError, LookupError):
            return currency

    own = list(get_territory_currencies(code, today or date.today(), tender=True))
    if current and current not in own:
        own.insert(0, current)
    rest = [c for c in currencies_in_use(today) if c not in own]
    head = [("", _("Choose a currency"))] if not current and len(own) != 1 else []
    return {
        _("Used in this country"): head + [(c, label(c)) for c in own],
        _("Other currencies in use"): [(c, label(c)) for c in rest],
    }


def timezone_choices(suggested: list[str], current: str | None) -> Choices:
    own = list(suggested)
    if current and current not in own:
        own.insert(0, current)
    rest = [zone for zone in validation.all_timezones() if zone not in own]
    head = [("", _("Choose a time zone"))] if not current and len(suggested) != 1 else []
    return {
        _("This country's time zones"): head + [(zone, zone) for zone in own],
        _("Other time zones"): [(zone, zone) for zone in rest],
    }


def owner_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Active launch managers (and whoever owns the country now, so that saving another
    field does not change its owner)."""
    users = db.session.scalars(
        select(User).where(User.active.is_(True), User.role == OWNER_ROLE).order_by(User.email)
    )
    emails = [user.email for user in users]
    if current and current not in emails:
        emails.insert(0, current)
    return [("", _("Nobody"))] + [(email, email) for email in emails]


def default_owner(email: str) -> str:
    """The person creating a country owns it if they are a launch manager."""
    user = db.session.scalar(select(User).where(User.email == email))
    return email if user is not None and user.role == OWNER_ROLE else ""
