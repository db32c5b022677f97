"""Setting target dates (audited), and noticing when a forecast slips past its target."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.arguments import DATE_MAX, DATE_MIN
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.countries.models import Country, Stage
from backoffice.countries.queries import all_countries
from backoffice.launch.targets import CountryTarget, LocaleTarget
from backoffice.notifications import kinds
from backoffice.notifications.marks import observe
from backoffice.notifications.operations import country_people, locale_people, notify
from backoffice.planning.forecast import forecasts

TARGET_STAGES = (Stage.TRANSLATING.value, Stage.LIVE.value, Stage.PAYMENTS_LIVE.value)


def _check_date(value: date | None, field: str) -> None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise OperationError(_("Choose a date from %(first)s to %(last)s.",
                               first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()), field)


Target = TypeVar("Target", CountryTarget, LocaleTarget)


def _put(
    row: Target | None, target: date | None, make: Callable[[], Target], actor: object,
) -> tuple[Target | None, str | None, str | None]:
    """Set ``row``'s date to ``target`` (``make`` a row when there is none; delete it for
    ``None``) and flush: the row left, and the date before and after, as ISO text."""
    before = row.target_date.isoformat() if row else None
    if target is None:
        if row is not None:
            db.session.delete(row)
        row = None
    else:
        if row is None:
            row = make()
            db.session.add(row)
        row.target_date = target
        row.set_by_id, row.updated_at = getattr(actor, "id", None), utcnow()
    after = target.isoformat() if target else None
    if before != after:
        db.session.flush()
    return row, before, after


def set_stage_target(country: Country, stage: str, target: date | None, *,
                     actor: object = None, reason: str | None = None) -> CountryTarget | None:
    """Set (or with ``None`` clear) the date the country aims to reach ``stage``."""
    if stage not in TARGET_STAGES:
        raise OperationError(_("Choose a stage to aim for."), "stage")
    _check_date(target, "target_date")
    row = db.session.scalar(select(CountryTarget).where(
        CountryTarget.country_code == country.code, CountryTarget.stage == stage))
    row, before, after = _put(
        row, target, lambda: CountryTarget(country_code=country.code, stage=stage), actor)
    if before != after:
        audit.record("country.target_set", "country", country.code,
                     before={"stage": stage, "target_date": before},
                     after={"stage": stage, "target_date": after}, reason=reason,
                     country_code=country.code, actor=actor)
    return row


def set_locale_target(locale: str, target: date | None, *, actor: object = None,
                      reason: str | None = None) -> LocaleTarget | None:
    """Set (or clear) the date a locale's catalogs should pass their gate."""
    from backoffice.countries.models import Locale

    if db.session.get(Locale, locale) is None:
        raise OperationError(_("The locale %(locale)s does not exist.", locale=locale), "locale")
    _check_date(target, "target_date")
    row = db.session.get(LocaleTarget, locale)
    row, before, after = _put(row, target, lambda: LocaleTarget(locale_code=locale), actor)
    if before != after:
        audit.record("catalog.target_set", "locale", locale, before={"target_date": before},
                     after={"target_date": after}, reason=reason, actor=actor)
    return row


def watch_targets(now: datetime | None = None) -> int:
    """Tell the owner and the locale's people when a forecast slips past its target."""
    now = now or utcnow()
    countries = all_countries()
    told = 0
    found = forecasts(countries, now)
    by_code = {c.code: c for c in countries}
    for code, items in found.items():
        for item in items:
            if item.target is None:
                continue
            moved = observe(f"target:{code}:{item.locale}",
                            "at_risk" if item.at_risk else "ok", now)
            if moved is None or not item.at_risk:
                continue
            people = [*country_people(by_code[code]), *locale_people(item.locale)]
            told += len(notify(
                people, kinds.TARGET_SLIPPED, key=f"target:{code}:{item.locale}:{moved[1]}",
                params={"locale": item.locale, "needed": item.needed,
                        "forecast_date": item.eta.isoformat() if item.eta else "",
                        "target_date": item.target.isoformat()},
                link=f"/countries/{code}/readiness", country_code=code))
    return told
