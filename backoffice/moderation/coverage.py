"""How well a country's moderation is covered: by language, by hours, in its evenings.

The gate into ``live`` (``moderation_gates``) reads the roster and the needs once per
``GateContext`` (``load``), so a page of 250 countries costs two queries. A moderator is
counted for every language they speak: a bilingual person shows in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.gates import Gate
from backoffice.countries.models import Country
from backoffice.moderation.models import ModerationNeed, Moderator

EVENING = (18, 23)  # local hours of the country people moderate the most in
CONTEXT_KEY = "moderation"


@dataclass(frozen=True)
class Coverage:
    """One locale of a country: who speaks its language, their hours, the share of need."""

    country: str
    locale: str
    language: str
    moderators: int
    hours: float
    needed: float
    evenings_covered: bool
    city: str

    @property
    def percent(self) -> int:
        return int(self.hours * 100 // self.needed) if self.needed else 100

    @property
    def passed(self) -> bool:
        return self.hours >= self.needed and self.evenings_covered

    def as_json(self) -> dict[str, Any]:
        """Figures only, never a person's name (the client API shows this)."""
        return {"locale": self.locale, "language": self.language,
                "moderators": self.moderators, "weekly_hours": self.hours,
                "needed_hours": self.needed, "percent": self.percent,
                "evenings_covered": self.evenings_covered, "passed": self.passed}


@dataclass
class Roster:
    moderators: list[Moderator]
    needs: dict[str, ModerationNeed]


def load() -> Roster:
    return Roster(
        moderators=list(db.session.scalars(
            select(Moderator).where(Moderator.active.is_(True)).order_by(Moderator.id))),
        needs={n.country_code: n for n in db.session.scalars(select(ModerationNeed))},
    )


def language_of(locale: str) -> str:
    return locale.split("_")[0].split("@")[0].lower()


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(str(get_locale() or "en")) or code
    except (ValueError, TypeError):
        return code


def city_of(timezone: str) -> str:
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def _utc_hours(timezone: str, start: int, end: int, day: date) -> set[int]:
    """The UTC hours (of a week starting on ``day``) a local shift covers."""
    zone = ZoneInfo(timezone)
    hours: set[int] = set()
    for offset in range(7):
        current = day + timedelta(days=offset)
        base = datetime.combine(current, time(0), zone)
        for hour in range(start, end):
            at = (base + timedelta(hours=hour)).astimezone(ZoneInfo("UTC"))
            hours.add(((at.date() - day).days * 24 + at.hour) % (7 * 24))
    return hours


def _covers_evenings(country_tz: str, moderators: list[Moderator], day: date) -> bool:
    """True when every evening hour of the country's week has someone on shift."""
    if not moderators:
        return False
    wanted = _utc_hours(country_tz, EVENING[0], EVENING[1], day)
    covered: set[int] = set()
    for person in moderators:
        try:
            covered |= _utc_hours(person.timezone, person.shift_start, person.shift_end, day)
        except (KeyError, ValueError):
            continue
    return wanted <= covered


def coverage_of(country: Country, roster: Roster, day: date | None = None) -> list[Coverage]:
    need = roster.needs.get(country.code)
    if need is None:
        return []
    day = day or date.today()
    found = []
    for locale in country.locale_codes:
        language = language_of(locale)
        speakers = [m for m in roster.moderators if language in (m.languages or [])]
        found.append(Coverage(
            country=country.code, locale=locale, language=language, moderators=len(speakers),
            hours=float(sum(m.weekly_hours for m in speakers)), needed=need.hours_needed,
            evenings_covered=_covers_evenings(country.timezone, speakers, day),
            city=city_of(country.timezone)))
    return found


def sentence(item: Coverage) -> str:
    text = ngettext(
        "%(locale)s: %(num)d moderator speaks %(language)s, %(hours)d h a week, "
        "%(percent)d %% of the need",
        "%(locale)s: %(num)d moderators speak %(language)s, %(hours)d h a week, "
        "%(percent)d %% of the need",
        item.moderators, locale=item.locale, language=language_name(item.language),
        hours=round(item.hours), percent=item.percent)
    if not item.evenings_covered:
        text = _("%(text)s; %(city)s evenings uncovered", text=text, city=item.city)
    return text + "."


def _roster(ctx: Any) -> Roster:
    loaded = ctx.loaded
    if CONTEXT_KEY not in loaded:
        loaded[CONTEXT_KEY] = load()
    roster: Roster = loaded[CONTEXT_KEY]
    return roster


def moderation_gates(country: Country, ctx: Any) -> list[Gate]:
    """The gate into ``live``: error or warning as the country's need says."""
    roster = _roster(ctx)
    need = roster.needs.get(country.code)
    if need is None:
        return [Gate("moderation", True, _(
            "No moderation load is set for %(code)s: its coverage is not measured.",
            code=country.code), "warning")]
    items = coverage_of(country, roster, ctx.at.date())
    return [Gate(f"moderation_{item.locale}", item.passed, sentence(item), need.severity)
            for item in items]


def moderation_risk(country: Country, ctx: Any) -> list[Gate]:
    """After launch, coverage below the need puts the country at risk even when its gate
    is only a warning (an error gate is already among the gates into ``live``)."""
    need = _roster(ctx).needs.get(country.code)
    if need is None or need.severity == "error":
        return []
    return [Gate(gate.id, gate.passed, gate.message, "error")
            for gate in moderation_gates(country, ctx)]
