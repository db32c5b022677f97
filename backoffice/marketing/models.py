from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow

# Money is exact: Numeric columns, Decimal values, never floats.
MONEY = Numeric(14, 2)
PERCENT = Numeric(5, 2)


class MarketingPlan(Base):
    """A country's marketing budget for one month (``2026-03``) or quarter (``2026-Q2``)."""

    __tablename__ = "marketing_plans"
    __table_args__ = (
        UniqueConstraint("country_code", "period"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(7))
    currency: Mapped[str] = mapped_column(String(3))
    budget: Mapped[Decimal] = mapped_column(MONEY)
    driver_share: Mapped[Decimal] = mapped_column(PERCENT)  # percent of the budget
    passenger_share: Mapped[Decimal] = mapped_column(PERCENT)
    target_new_drivers: Mapped[int] = mapped_column(default=0)
    target_new_passengers: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    allocations: Mapped[list[PlanAllocation]] = relationship(
        cascade="all, delete-orphan", lazy="selectin",
        order_by="(PlanAllocation.audience, PlanAllocation.channel)",
    )
    age_bands: Mapped[list[PlanAgeBand]] = relationship(
        cascade="all, delete-orphan", lazy="selectin",
        order_by="(PlanAgeBand.audience, PlanAgeBand.band)",
    )
    spend: Mapped[list[ActualSpend]] = relationship(
        cascade="all, delete-orphan", lazy="selectin",
        order_by="(ActualSpend.spent_on, ActualSpend.id)",
    )


class PlanPart:
    """A row of one plan for one audience (driver or passenger), deleted with its plan; its
    columns come first in each table."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("marketing_plans.id", ondelete="CASCADE"), index=True, sort_order=-1
    )
    audience: Mapped[str] = mapped_column(String(16), sort_order=-1)


class PlanAllocation(PlanPart, Base):
    """Planned amount for one channel and one audience (driver or passenger)."""

    __tablename__ = "marketing_allocations"
    __table_args__ = (
        UniqueConstraint("plan_id", "audience", "channel"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    channel: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(MONEY)


class PlanAgeBand(PlanPart, Base):
    """Optional: the share of an audience's budget aimed at an age band."""

    __tablename__ = "marketing_age_bands"
    __table_args__ = (UniqueConstraint("plan_id", "audience", "band"),)

    band: Mapped[str] = mapped_column(String(8))
    percent: Mapped[Decimal] = mapped_column(PERCENT)


class ActualSpend(PlanPart, Base):
    """Money actually spent, entered as invoices come in."""

    __tablename__ = "marketing_spend"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    channel: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    spent_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExchangeRate(Base):
    """1 ``currency`` = ``rate`` ``reporting_currency``, as of a date; kept by the team."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "reporting_currency", "as_of"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    reporting_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 8))
    as_of: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
