"""The authorisation success ratio over time, as geometry for a server-drawn SVG.

Drawn by ``monitoring/_watch.html`` with classes styled in ``coordination.css``: no
script, no inline style. An hour with no payment is a gap, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.monitoring.watch import AUTHORISATION
from backoffice.payments.models import WebhookEvent

WIDTH, HEIGHT = 600, 160
LEFT, BOTTOM, TOP = 40, 20, 8
MAX_EVENTS = 200_000  # a day of a busy country; past that the oldest are not drawn


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass
class RatioChart:
    width: int = WIDTH
    height: int = HEIGHT
    segments: list[list[Point]] = field(default_factory=list)  # runs of hours with payments
    threshold_y: float = 0.0
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x, hour label
    levels: list[tuple[float, str]] = field(default_factory=list)  # y, percent label

    @property
    def empty(self) -> bool:
        return not self.segments


def _y(percent: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100)


def ratio_chart(country_code: str, threshold: int, now: datetime | None = None,
                hours: int = 24) -> RatioChart:
    """Hourly success ratio over the last ``hours`` hours."""
    now = now or utcnow()
    start = now - timedelta(hours=hours)
    rows = db.session.execute(
        select(WebhookEvent.received_at, WebhookEvent.success).where(
            WebhookEvent.country_code == country_code,
            WebhookEvent.event_code == AUTHORISATION, WebhookEvent.received_at > start)
        .order_by(WebhookEvent.received_at.desc()).limit(MAX_EVENTS))
    buckets = [[0, 0] for _ in range(hours)]
    for received_at, success in rows:
        index = min(int((received_at - start).total_seconds() // 3600), hours - 1)
        buckets[index][0] += 1
        buckets[index][1] += 1 if success else 0
    span = (WIDTH - LEFT - 10) / max(hours - 1, 1)
    chart = RatioChart(threshold_y=_y(threshold),
                       levels=[(_y(level), f"{level} %") for level in (0, 50, 100)])
    run: list[Point] = []
    for index, (volume, successes) in enumerate(buckets):
        x = LEFT + index * span
        if index % 6 == 0:
            chart.ticks.append((x, (start + timedelta(hours=index + 1)).strftime("%H:00")))
        if not volume:
            if run:
                chart.segments.append(run)
            run = []
            continue
        percent = successes * 100 / volume
        run.append(Point(round(x, 1), round(_y(percent), 1),
                         f"{successes}/{volume} ({percent:.0f} %)"))
    if run:
        chart.segments.append(run)
    return chart
