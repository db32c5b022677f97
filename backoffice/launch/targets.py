"""Target dates: when a country means to reach each next stage, and a locale its catalogs.

The forecast (``backoffice.planning.forecast``) compares them with the translation pace.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class CountryTarget(Base):
    """The date a country aims to reach a stage (``live``, ``payments_live``)."""

    __tablename__ = "country_targets"
    __table_args__ = (UniqueConstraint("country_code", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    target_date: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LocaleTarget(Base):
    """The date a locale's catalogs should pass their gate (else the country's live date)."""

    __tablename__ = "locale_targets"

    locale_code: Mapped[str] = mapped_column(
        ForeignKey("locales.code", ondelete="CASCADE"), primary_key=True)
    target_date: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
