"""Editing the roster and the countries' needs: validated, flushed, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import available_timezones

from babel import Locale
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.versioned import mark_changed, save_fields
from backoffice.countries.models import Country
from backoffice.moderation.models import KINDS, SEVERITIES, ModerationNeed, Moderator

MAX_LANGUAGES = 12
MAX_WEEKLY_HOURS = 1000  # a team of twenty-five full-timers
MAX_LOAD = 100_000_000
FIELDS = ("name", "kind", "languages", "weekly_hours", "timezone", "shift_start", "shift_end",
          "active", "notes")


@dataclass
class ModeratorInput:
    name: str
    languages: list[str]
    weekly_hours: int
    timezone: str
    kind: str = "person"
    shift_start: int = 9
    shift_end: int = 18
    notes: str = ""
    active: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _languages(values: list[str]) -> list[str]:
    found: list[str] = []
    for value in values:
        code = (value or "").strip().lower()
        if not code or code in found:
            continue
        try:
            Locale.parse(code)
        except (ValueError, TypeError):
            raise OperationError(_('"%(value)s" is not a language code (such as ru or hi).',
                                   value=value), "languages") from None
        found.append(code)
    if not found:
        raise OperationError(_("Name at least one language they moderate in."), "languages")
    if len(found) > MAX_LANGUAGES:
        raise OperationError(_("At most %(n)d languages.", n=MAX_LANGUAGES), "languages")
    return found


def _check(data: ModeratorInput) -> ModeratorInput:
    name = (data.name or "").strip()
    if not name or len(name) > 120:
        raise OperationError(_("A name of 1 to 120 characters is required."), "name")
    if data.kind not in KINDS:
        raise OperationError(_("Choose a person or a team."), "kind")
    if not isinstance(data.weekly_hours, int) or not 0 <= data.weekly_hours <= MAX_WEEKLY_HOURS:
        raise OperationError(_("Weekly hours go from 0 to %(n)d.", n=MAX_WEEKLY_HOURS),
                             "weekly_hours")
    if data.timezone not in available_timezones():
        raise OperationError(_('"%(value)s" is not a time zone.', value=data.timezone),
                             "timezone")
    if not (isinstance(data.shift_start, int) and isinstance(data.shift_end, int)
            and 0 <= data.shift_start < data.shift_end <= 24):
        raise OperationError(_("The shift starts before it ends, between 0 and 24 h."),
                             "shift_start")
    return ModeratorInput(name=name, languages=_languages(data.languages),
                          weekly_hours=data.weekly_hours, timezone=data.timezone,
                          kind=data.kind, shift_start=data.shift_start,
                          shift_end=data.shift_end, notes=(data.notes or "")[:2000],
                          active=bool(data.active))


def moderator_state(row: Moderator) -> dict[str, Any]:
    state = {name: getattr(row, name) for name in FIELDS}
    state["languages"] = list(row.languages or [])
    return state


def roster() -> list[Moderator]:
    return list(db.session.scalars(select(Moderator).order_by(Moderator.active.desc(),
                                                             Moderator.name)))


def get_moderator(moderator_id: int) -> Moderator:
    row = db.session.get(Moderator, moderator_id)
    if row is None:
        raise NotFoundError(_("There is no such moderator."))
    return row


def save_moderator(row: Moderator | None, data: ModeratorInput, *,
                   expected_version: int | None = None, actor: object = None,
                   reason: str | None = None) -> Moderator:
    """Add a team or person to the roster, or change one (``expected_version`` guards
    against overwriting someone else's change)."""
    clean = _check(data)
    before = moderator_state(row) if row is not None else None
    if row is None:
        row = Moderator(version=1)
        db.session.add(row)
    elif expected_version is not None and expected_version != row.version:
        raise ConflictError(_("Someone changed this entry while you were editing. Reload "
                              "and try again."), "version")
    return save_fields(row, {name: getattr(clean, name) for name in FIELDS}, moderator_state,
                       before, action="moderation.moderator_saved", object_type="moderator",
                       reason=reason, actor=actor)


def need_state(row: ModerationNeed | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"load_label": row.load_label, "expected_load": row.expected_load,
            "hours_per_thousand": str(Decimal(row.hours_per_thousand).normalize()),
            "severity": row.severity, "hours_needed": round(row.hours_needed, 1)}


def get_need(country_code: str) -> ModerationNeed | None:
    return db.session.get(ModerationNeed, country_code)


def set_need(country: Country, *, expected_load: int, hours_per_thousand: object,
             severity: str = "warning", load_label: str | None = None,
             actor: object = None, reason: str | None = None) -> ModerationNeed:
    """The country's expected load and the moderation hours per 1,000 of it."""
    if not isinstance(expected_load, int) or not 0 <= expected_load <= MAX_LOAD:
        raise OperationError(_("The expected load is a whole number from 0 to %(n)d.",
                               n=MAX_LOAD), "expected_load")
    try:
        ratio = Decimal(str(hours_per_thousand))
    except (InvalidOperation, ValueError):
        ratio = Decimal(-1)
    if not ratio.is_finite() or not Decimal(0) <= ratio <= Decimal(10000):
        raise OperationError(_("The ratio is a number of hours from 0 to 10,000."),
                             "hours_per_thousand")
    if severity not in SEVERITIES:
        raise OperationError(_("Choose warning or error."), "severity")
    label = (load_label or "").strip()[:60] or _("weekly rides")
    row = get_need(country.code)
    before = need_state(row)
    if row is None:
        row = ModerationNeed(country_code=country.code, version=1)
        db.session.add(row)
    row.expected_load, row.hours_per_thousand = expected_load, ratio.quantize(Decimal("0.01"))
    row.severity, row.load_label = severity, label
    after = need_state(row)
    if mark_changed(row, before, after):
        audit.record("moderation.need_set", "country", country.code, before=before,
                     after=after, reason=reason, country_code=country.code, actor=actor)
    return row
