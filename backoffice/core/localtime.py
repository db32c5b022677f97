"""Wall-clock times in a country's time zone, as people type them for scheduled changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _

from backoffice.core.db import utcnow
from backoffice.core.errors import OperationError


def wall_clock_to_utc(
    country: Any, day: date, at: time, *, now: datetime | None = None, field: str = "at"
) -> tuple[datetime, str]:
    """The UTC instant of a time in the country and its label, refusing times that are in
    the past, skipped (spring forward) or repeated (fall back) around a DST change."""
    now = now or utcnow()
    try:
        zone = ZoneInfo(country.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise OperationError(
            _("%(code)s has no valid time zone (%(zone)s); fix the country first.",
              code=country.code, zone=country.timezone), field
        ) from None
    wall = datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None))
    shown = f"{wall:%Y-%m-%d %H:%M}"
    label = f"{shown} ({country.timezone})"
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either fold gives a different instant: the time is ambiguous or does not exist.
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != wall:
            raise OperationError(
                _("%(time)s does not exist in %(zone)s: the clocks skip that hour for daylight "
                  "saving time. Choose another time.", time=shown, zone=country.timezone),
                field,
            )
        raise OperationError(
            _("%(time)s happens twice in %(zone)s: the clocks go back that night. Choose a "
              "time outside the repeated hour.", time=shown, zone=country.timezone), field
        )
    instant = first.astimezone(UTC)
    if instant <= now:
        raise OperationError(
            _("%(time)s is in the past in %(zone)s. Choose a later time, or leave it empty to "
              "act at once.", time=label, zone=country.timezone), field
        )
    return instant, label
