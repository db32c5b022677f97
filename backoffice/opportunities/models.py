"""Candidate countries, the indicators the team keeps on them, and the ranking weights."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class Candidate(Base):
    """A country the business may open next (not a country of the product yet)."""

    __tablename__ = "opportunity_candidates"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    locales: Mapped[list[str]] = mapped_column(JSON, default=list)
    similar_to: Mapped[list[str]] = mapped_column(JSON, default=list)  # country codes
    notes: Mapped[str] = mapped_column(Text, default="")
    # What Adyen's Management API said the last time it was asked.
    payment_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    payment_checked_at: Mapped[datetime | None] = mapped_column()
    payment_error: Mapped[str | None] = mapped_column(String(300))
    created_country: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="Indicator.key",
        lazy="selectin")


class Indicator(Base):
    """One figure about a candidate, with where it comes from and when it was true."""

    __tablename__ = "opportunity_indicators"
    __table_args__ = (UniqueConstraint("candidate_code", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_code: Mapped[str] = mapped_column(
        ForeignKey("opportunity_candidates.code", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    source: Mapped[str] = mapped_column(String(300))
    as_of: Mapped[date] = mapped_column(Date)

    candidate: Mapped[Candidate] = relationship(back_populates="indicators")


class Weight(Base):
    """How much one criterion counts in the ranking (the team tunes them)."""

    __tablename__ = "opportunity_weights"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
