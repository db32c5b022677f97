from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class Stage(StrEnum):
    """The stages a reader sees. ``payments_live`` is a live country whose payment is on."""

    PLANNED = "planned"
    TRANSLATING = "translating"
    LIVE = "live"
    PAYMENTS_LIVE = "payments_live"
    PAUSED = "paused"


class Payment(StrEnum):
    """Whether a country's online payment is on; ``killed`` is off by finance's kill switch."""

    OFF = "off"
    ON = "on"
    KILLED = "killed"


# Where a country is in the launch: what ``Country.recorded_stage`` may hold. Online payment
# is the other half of the state (``Country.recorded_payment``); see ``countries.state``.
LAUNCH_STAGES = (Stage.PLANNED, Stage.TRANSLATING, Stage.LIVE, Stage.PAUSED)


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
        CheckConstraint("stage IN ('planned', 'translating', 'live', 'paused')",
                        name="launch_stage"),
        CheckConstraint("payment IN ('off', 'on', 'killed')", name="payment_state"),
    )

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    # The state as of the last recorded change. Readers never look here: scheduled changes
    # that have come due are not in it yet. They ask ``backoffice.countries.state``.
    recorded_stage: Mapped[str] = mapped_column(
        "stage", String(16), default=Stage.PLANNED.value, index=True)
    recorded_payment: Mapped[str] = mapped_column(
        "payment", String(8), default=Payment.OFF.value, server_default=Payment.OFF.value)
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


class ChangeStatus(StrEnum):
    SCHEDULED = "scheduled"
    APPLIED = "applied"
    CANCELLED = "cancelled"
    # Due, but the country was no longer where the change starts from (say a pause
    # scheduled for a country that had been taken back to translating meanwhile).
    SKIPPED = "skipped"


class ChangeKind(StrEnum):
    STAGE = "stage"  # a move between launch stages
    PAYMENT = "payment"  # online payment switched on, or killed


class StateChange(Base):
    """One change of a country's state, done or scheduled: the country's state log.

    ``kind`` says which half of the state it changes: the launch stage (``from_stage`` and
    ``to_stage`` are stages) or online payment (they are ``Payment`` values). A scheduled
    change takes effect at ``effective_at``: readers resolve it when they read
    (``countries.state``), so no timer is needed and every reader shows the new state from
    that minute on.
    """

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8), default=ChangeKind.STAGE.value,
                                      server_default=ChangeKind.STAGE.value)
    from_stage: Mapped[str] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    effective_at: Mapped[datetime] = mapped_column(index=True)
    # What the person typed, in the country's time zone, for display.
    local_time: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=ChangeStatus.APPLIED.value,
                                        index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The finance change request a payment switch-on carries out.
    payment_request_id: Mapped[int | None] = mapped_column(index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a scheduled change was cancelled, by whom and why.
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")
