"""The calendar's geometry: one row per country, one column per day, a mark per event.

Drawn by ``calendar/index.html`` as SVG, styled by classes in ``coordination.css``: no
script, no inline style, no asset from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import format_date

from backoffice.calendar.operations import Event

LABEL_WIDTH = 48
ROW_HEIGHT = 22
AXIS_HEIGHT = 24
AXIS_WIDTH = 900


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    css_class: str
    title: str
    diamond: bool  # targets are diamonds, changes are dots


@dataclass
class Timeline:
    width: int
    height: int
    rows: list[tuple[float, str]] = field(default_factory=list)  # y, country code
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x, month label
    marks: list[Mark] = field(default_factory=list)
    today_x: float | None = None


def timeline(codes: list[str], events: list[Event], start: date, end: date,
             today: date) -> Timeline:
    days = (end - start).days + 1
    per_day = AXIS_WIDTH / days
    chart = Timeline(width=LABEL_WIDTH + AXIS_WIDTH + 10,
                     height=AXIS_HEIGHT + ROW_HEIGHT * max(len(codes), 1) + 4)
    row_of = {code: index for index, code in enumerate(codes)}
    for index, code in enumerate(codes):
        chart.rows.append((AXIS_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2, code))
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            chart.ticks.append((round(LABEL_WIDTH + (day - start).days * per_day, 1),
                                format_date(day, "MMM yyyy")))
        day = (day + timedelta(days=32)).replace(day=1)
    if start <= today <= end:
        chart.today_x = round(LABEL_WIDTH + ((today - start).days + 0.5) * per_day, 1)
    for event in events:
        if event.country_code not in row_of:
            continue
        offset = _days(event.at, start)
        if not 0 <= offset < days:
            continue
        when = event.at.strftime("%Y-%m-%d" if event.all_day else "%Y-%m-%d %H:%M UTC")
        chart.marks.append(Mark(
            round(LABEL_WIDTH + offset * per_day, 1),
            AXIS_HEIGHT + row_of[event.country_code] * ROW_HEIGHT + ROW_HEIGHT / 2,
            f"mark-{event.kind} {'planned' if event.planned else 'done'}",
            f"{when} · {event.title}", event.kind in ("target", "locale_target")))
    return chart


def _days(moment: datetime, start: date) -> float:
    return (moment.date() - start).days + (moment.hour * 60 + moment.minute) / 1440
