"""Daily health checks of each payments-live country, and what a failure means.

A failed last check of a country whose payment is on puts it at risk: ``payment_health``
is one of the risk sources ``launch.gates.risks`` asks (``RISK_SOURCES``), reading the
checks that ``GateContext`` loads for every country at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.core.db import db, utcnow
from backoffice.core.gates import Gate
from backoffice.countries.models import Country
from backoffice.notifications import kinds
from backoffice.notifications.marks import observe
from backoffice.notifications.operations import finance, notify
from backoffice.payments.models import HealthCheck

PAYMENT_HEALTH = "payment_health"


def latest_checks(codes: Iterable[str]) -> dict[str, HealthCheck]:
    """The last health check of each country, in one query."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    last = (select(func.max(HealthCheck.id)).where(HealthCheck.country_code.in_(codes))
            .group_by(HealthCheck.country_code))
    return {check.country_code: check for check in db.session.scalars(
        select(HealthCheck).where(HealthCheck.id.in_(last)))}


def payment_health(country: Country, ctx: Any) -> list[Gate]:
    """While payment is on, the last Adyen health check must have succeeded."""
    state = ctx.states.get(country.code)
    if state is None or not state.payment_on:
        return []
    check = ctx.health.get(country.code)
    if check is None or check.ok:
        return [Gate(PAYMENT_HEALTH, True, _(
            "The last Adyen health check of %(code)s succeeded.", code=country.code))]
    return [Gate(PAYMENT_HEALTH, False, _(
        "The last Adyen health check of %(code)s failed: %(error)s", code=country.code,
        error=check.error_message or check.error_kind or ""))]


def daily_check(country_code: str, now: datetime | None = None) -> HealthCheck | None:
    """Check the country once a day (a rerun the same day does nothing, None) and tell
    finance when it fails."""
    from backoffice.countries.state import state_of
    from backoffice.payments.operations import run_health_check, served_country

    now = now or utcnow()
    country = db.session.get(Country, country_code)
    if country is None or not state_of(country, now).payment_on or not served_country(
            country_code):
        return None
    if observe(f"health:{country_code}", now.date().isoformat(), now) is None:
        return None  # today's check was done (a rerun, or another worker)
    check = run_health_check(country_code, now=now)
    if not check.ok:
        notify(finance(country_code), kinds.HEALTH_FAILED, key=f"health:{check.id}",
               params={"country": country_code,
                       "error": check.error_message or check.error_kind or ""},
               link=f"/payments/countries/{country_code}", country_code=country_code)
    return check
