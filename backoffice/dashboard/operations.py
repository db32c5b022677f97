"""What the dashboard reads beyond the country table: the next scheduled changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import ChangeKind, Country
from backoffice.countries.state import upcoming

LOCAL_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class UpcomingChange:
    """A change that takes effect later, with its time on the country's clock."""

    kind: str  # "stage" or "payment"
    country_code: str
    effective_at: datetime  # UTC
    local_time: str
    timezone: str
    from_stage: str
    to_stage: str
    reason: str


def _local(moment: datetime, timezone: str) -> str:
    try:
        return moment.astimezone(ZoneInfo(timezone)).strftime(LOCAL_FORMAT)
    except (ZoneInfoNotFoundError, ValueError):
        return moment.strftime(LOCAL_FORMAT) + " UTC"


def upcoming_changes(now: datetime | None = None, *, limit: int = 20) -> list[UpcomingChange]:
    """Scheduled stage moves and approved payment switch-ons still to come, soonest first.

    One query for the changes and one for the countries' time zones, whatever the number
    of countries. A change whose time has come is history, not listed here.
    """
    now = now or utcnow()
    changes = upcoming(now, limit=limit)
    codes = {change.country_code for change in changes}
    zones: dict[str, str] = {}
    if codes:
        zones = {code: zone for code, zone in db.session.execute(
            select(Country.code, Country.timezone).where(Country.code.in_(codes)))}
    return [
        UpcomingChange(
            "payment" if change.kind == ChangeKind.PAYMENT else "stage",
            change.country_code, change.effective_at,
            _local(change.effective_at, zones.get(change.country_code, "UTC")),
            zones.get(change.country_code, "UTC"), change.from_stage, change.to_stage,
            change.reason or "")
        for change in changes
    ]
