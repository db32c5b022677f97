"""Each country's payment watch policy, and the alerts it raised."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class WatchAction(StrEnum):
    ALERT = "alert"  # tell finance and the owner
    PROPOSE = "propose"  # and propose the kill switch
    KILL = "kill"  # and turn online payment off at once, with the figures as the reason


DEFAULT_THRESHOLD = 80  # % of authorisations that must succeed
DEFAULT_MIN_VOLUME = 20  # authorisations in the window before the ratio means anything
DEFAULT_WINDOW = 60  # minutes


class PaymentWatchPolicy(Base):
    """How a country's payments are watched once they are on (defaults when unset)."""

    __tablename__ = "payment_watch_policies"

    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True)
    threshold_percent: Mapped[int] = mapped_column(default=DEFAULT_THRESHOLD)
    min_volume: Mapped[int] = mapped_column(default=DEFAULT_MIN_VOLUME)
    window_minutes: Mapped[int] = mapped_column(default=DEFAULT_WINDOW)
    action: Mapped[str] = mapped_column(String(8), default=WatchAction.ALERT.value)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentWatchAlert(Base):
    """One time a country's authorisation success fell below its threshold."""

    __tablename__ = "payment_watch_alerts"
    __table_args__ = (Index("ix_payment_watch_alerts_country_time", "country_code",
                            "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    successes: Mapped[int] = mapped_column()
    volume: Mapped[int] = mapped_column()
    threshold_percent: Mapped[int] = mapped_column()
    window_minutes: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(Text, default="")
