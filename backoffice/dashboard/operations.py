"""What the dashboard reads beyond the country table: the next scheduled changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country, Stage
from backoffice.launch import operations as launch
from backoffice.payments import changes as payment_changes

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

    One query per kind, and one for the countries' time zones, whatever the number of
    countries.
    """
    now = now or utcnow()
    stage_moves = launch.scheduled_changes(limit=limit, after=now)
    switch_ons = payment_changes.approved_switch_ons(now, limit=limit)
    codes = {change.country_code for change in [*stage_moves, *switch_ons]}
    zones: dict[str, str] = {}
    if codes:
        zones = {code: zone for code, zone in db.session.execute(
            select(Country.code, Country.timezone).where(Country.code.in_(codes)))}
    items = [
        UpcomingChange("stage", change.country_code, change.effective_at,
                       _local(change.effective_at, zones.get(change.country_code, "UTC")),
                       zones.get(change.country_code, "UTC"), change.from_stage,
                       change.to_stage, change.reason or "")
        for change in stage_moves
    ]
    for request in switch_ons:
        assert request.effective_at is not None  # only scheduled ones are selected
        zone = zones.get(request.country_code, "UTC")
        items.append(UpcomingChange(
            "payment", request.country_code, request.effective_at,
            _local(request.effective_at, zone), zone, Stage.LIVE.value,
            Stage.PAYMENTS_LIVE.value, request.reason or ""))
    items.sort(key=lambda item: (item.effective_at, item.country_code))
    return items[:limit]
