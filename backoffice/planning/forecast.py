"""When will each locale's catalog pass its gate, at the pace translation goes now?

The pace is read from the catalog's translation history (``TranslationHistory``): the
messages that became translated, minus those that stopped being, per day over a window
(14 days). The gate is the country's translation threshold (``launch.gates``). The
target is the locale's own date, else the country's date for going live.

Everything is loaded for many countries at once: a few queries, whatever their number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from backoffice.catalogs.domains import APP_DOMAIN
from backoffice.catalogs.models import Catalog, Message, State, TranslationHistory
from backoffice.catalogs.operations.queries import catalogs_for_locales
from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country, Stage
from backoffice.launch.targets import CountryTarget, LocaleTarget

WINDOW_DAYS = 14
HORIZON_DAYS = 3650  # past ten years a forecast says nothing useful
DONE_STATES = (State.TRANSLATED.value, State.REVIEWED.value)


@dataclass(frozen=True)
class Forecast:
    country_code: str
    locale: str
    done: int
    total: int
    needed: int  # percent of the catalog the gate needs
    pace: float  # messages per day, over the window
    eta: date | None  # when the gate passes at this pace (None: no progress)
    target: date | None
    today: date

    @property
    def missing(self) -> int:
        return max(math.ceil(self.needed * self.total / 100) - self.done, 0)

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.missing == 0

    @property
    def status(self) -> str:
        """``passed``, ``on_track``, ``at_risk`` (late or no progress) or ``no_target``."""
        if self.passed:
            return "passed"
        if self.target is None:
            return "no_target"
        return "on_track" if self.eta is not None and self.eta <= self.target else "at_risk"

    @property
    def at_risk(self) -> bool:
        return self.status == "at_risk"

    def sentence(self) -> str:
        """The forecast in words, in the reader's language."""
        def day(value: date | None) -> str:
            return format_date(value, "d MMMM")

        if self.passed:
            return _("%(locale)s has reached the %(needed)d %% it needs.", locale=self.locale,
                     needed=self.needed)
        if self.eta is None:
            text = _("%(locale)s: no progress in the last %(days)d days, %(missing)d messages "
                     "to go.", locale=self.locale, days=WINDOW_DAYS, missing=self.missing)
        else:
            text = _("%(locale)s reaches %(needed)d %% around %(eta)s at the current pace.",
                     locale=self.locale, needed=self.needed, eta=day(self.eta))
        if self.status == "at_risk":
            text += " " + _("The %(target)s target is at risk.", target=day(self.target))
        elif self.status == "on_track":
            text += " " + _("The %(target)s target holds.", target=day(self.target))
        return text

    def as_json(self) -> dict[str, object]:
        return {"country": self.country_code, "locale": self.locale, "done": self.done,
                "total": self.total, "needed_percent": self.needed,
                "missing": self.missing, "pace_per_day": round(self.pace, 2),
                "forecast_date": self.eta.isoformat() if self.eta else None,
                "target_date": self.target.isoformat() if self.target else None,
                "status": self.status, "sentence": self.sentence()}


def pace(catalog_ids: Sequence[int], since: datetime) -> dict[int, float]:
    """Messages translated per day since ``since``, net of those undone, per catalog."""
    if not catalog_ids:
        return {}
    became = TranslationHistory.state.in_(DONE_STATES)
    was = TranslationHistory.state_before.in_(DONE_STATES)
    step = case((became & ~was, 1), (was & ~became, -1), else_=0)
    rows = db.session.execute(
        select(Message.catalog_id, func.sum(step))
        .join(Message, Message.id == TranslationHistory.message_id)
        .where(Message.catalog_id.in_(list(catalog_ids)),
               TranslationHistory.created_at > since)
        .group_by(Message.catalog_id))
    return {catalog_id: max(int(net or 0), 0) / WINDOW_DAYS for catalog_id, net in rows}


def targets_of(codes: Iterable[str]) -> dict[str, dict[str, date]]:
    """Each country's target dates by stage."""
    found: dict[str, dict[str, date]] = {}
    codes = sorted(set(codes))
    if codes:
        for row in db.session.scalars(select(CountryTarget).where(
                CountryTarget.country_code.in_(codes))):
            found.setdefault(row.country_code, {})[row.stage] = row.target_date
    return found


def locale_targets(locales: Iterable[str]) -> dict[str, date]:
    locales = sorted(set(locales))
    if not locales:
        return {}
    return {row.locale_code: row.target_date for row in db.session.scalars(
        select(LocaleTarget).where(LocaleTarget.locale_code.in_(locales)))}


def _eta(today: date, missing: int, per_day: float) -> date | None:
    if missing <= 0:
        return today
    if per_day <= 0:
        return None
    days = math.ceil(missing / per_day)
    return today + timedelta(days=days) if days <= HORIZON_DAYS else None


def forecasts(countries: Iterable[Country], now: datetime | None = None,
              catalogs: dict[str, Catalog] | None = None) -> dict[str, list[Forecast]]:
    """Every country's forecast per locale, in its locales' order (four queries)."""
    now = now or utcnow()
    countries = list(countries)
    locales = sorted({code for country in countries for code in country.locale_codes})
    if catalogs is None:
        catalogs = {c.locale_code: c for c in catalogs_for_locales(locales)
                    if c.domain == APP_DOMAIN}
    speeds = pace([c.id for c in catalogs.values()], now - timedelta(days=WINDOW_DAYS))
    stage_targets = targets_of(c.code for c in countries)
    own_targets = locale_targets(locales)
    today = now.date()
    result: dict[str, list[Forecast]] = {}
    for country in countries:
        needed = country.translation_threshold or 100
        live_target = stage_targets.get(country.code, {}).get(Stage.LIVE.value)
        items = []
        for locale in country.locale_codes:
            catalog = catalogs.get(locale)
            total = catalog.total_count if catalog else 0
            done = (catalog.translated_count + catalog.reviewed_count
                    + catalog.inherited_count) if catalog else 0
            per_day = speeds.get(catalog.id, 0.0) if catalog else 0.0
            missing = max(math.ceil(needed * total / 100) - done, 0)
            items.append(Forecast(
                country.code, locale, done, total, needed, per_day,
                _eta(today, missing, per_day) if total else None,
                own_targets.get(locale, live_target), today))
        result[country.code] = items
    return result
