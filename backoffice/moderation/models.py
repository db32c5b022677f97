"""The moderation roster (teams and people, not console users) and each country's need."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow

SEVERITIES = ("warning", "error")
KINDS = ("person", "team")


class Moderator(Base):
    """A moderation team or person: the languages they read, their hours and where they are.

    They work ``shift_start`` to ``shift_end`` (hours, in their own time zone) on working
    days; a team may cover a wider shift than a person.
    """

    __tablename__ = "moderators"
    __table_args__ = (
        CheckConstraint("weekly_hours >= 0", name="hours_not_negative"),
        CheckConstraint("shift_start >= 0 AND shift_start < 24 AND shift_end > 0 "
                        "AND shift_end <= 24", name="shift_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(8), default="person")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 639 codes
    weekly_hours: Mapped[int] = mapped_column(default=0)
    timezone: Mapped[str] = mapped_column(String(64))
    shift_start: Mapped[int] = mapped_column(default=9)
    shift_end: Mapped[int] = mapped_column(default=18)
    active: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModerationNeed(Base):
    """What a country needs covered: its expected load times hours per 1,000 of it."""

    __tablename__ = "moderation_needs"
    __table_args__ = (
        CheckConstraint("expected_load >= 0", name="load_not_negative"),
        CheckConstraint("hours_per_thousand >= 0", name="ratio_not_negative"),
    )

    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True)
    load_label: Mapped[str] = mapped_column(String(60), default="weekly rides")
    expected_load: Mapped[int] = mapped_column(default=0)
    hours_per_thousand: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=0)
    severity: Mapped[str] = mapped_column(String(8), default="warning")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def hours_needed(self) -> float:
        return float(self.expected_load) * float(self.hours_per_thousand) / 1000
