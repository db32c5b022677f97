from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class Stage(StrEnum):
    PLANNED = "planned"
    TRANSLATING = "translating"
    LIVE = "live"
    PAYMENTS_LIVE = "payments_live"
    PAUSED = "paused"


# Stages the client apps can see.
PUBLIC_STAGES = frozenset({Stage.LIVE, Stage.PAYMENTS_LIVE})


class Locale(Base):
    """A CLDR locale the product is translated into, with its optional parent.

    A variant (``fr_BE``) stores only what differs from its parent (``fr_FR``); its
    effective translation is its own, else its parent's.
    """

    __tablename__ = "locales"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("locales.code"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Locale | None] = relationship(remote_side=[code])


class Country(Base):
    __tablename__ = "countries"
    __table_args__ = (
        CheckConstraint("max_seats_per_ride BETWEEN 1 AND 8", name="max_seats_range"),
        CheckConstraint("translation_threshold BETWEEN 1 AND 100",
                        name="translation_threshold_range"),
    )

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), default=Stage.PLANNED.value, index=True)
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64))
    max_seats_per_ride: Mapped[int] = mapped_column(default=4)
    # Share of the app catalog (in %) each locale needs before the country goes live.
    translation_threshold: Mapped[int] = mapped_column(default=100, server_default="100")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    locales: Mapped[list[CountryLocale]] = relationship(
        cascade="all, delete-orphan", order_by="CountryLocale.position", lazy="selectin"
    )
    owner = relationship("User", lazy="joined")

    @property
    def locale_codes(self) -> list[str]:
        """Ordered; the first is the country's default locale."""
        return [link.locale_code for link in self.locales]

    @property
    def default_locale(self) -> str | None:
        return self.locales[0].locale_code if self.locales else None


class CountryLocale(Base):
    __tablename__ = "country_locales"

    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True
    )
    locale_code: Mapped[str] = mapped_column(ForeignKey("locales.code"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    locale: Mapped[Locale] = relationship(lazy="joined")


class CountryVersion(Base):
    """One saved state of a country's configuration; every change adds one.

    ``snapshot`` is the same data as the country's TOML file, so two versions can be
    compared field by field and an earlier one restored.
    """

    __tablename__ = "country_versions"
    __table_args__ = (UniqueConstraint("country_code", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    snapshot: Mapped[dict[str, Any]]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Kept as text so the history still says who after the account changes.
    author_email: Mapped[str | None] = mapped_column(String(254))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
