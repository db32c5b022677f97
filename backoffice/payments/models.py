"""Payment connectors (Adyen accounts), the countries they serve, health checks, change
requests that switch online payment on, and the webhooks Adyen sends us."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class Platform(StrEnum):
    TEST = "test"
    LIVE = "live"


class ChangeStatus(StrEnum):
    PENDING = "pending"  # waiting for a second finance user
    # Approved: payment is switched on at once or at its time, through the country's
    # state log (``StateChange.payment_request_id``), where the effect is recorded.
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"  # withdrawn by the requester or by the kill switch


# Requests that may still turn payment on: pending, or approved with a switch-on to come.
OPEN_STATUSES = (ChangeStatus.PENDING.value,)


class PaymentConnectorConfig(Base):
    """One Adyen merchant account the backoffice talks to. Keys are stored encrypted."""

    __tablename__ = "payment_connectors"
    __table_args__ = (UniqueConstraint("platform", "merchant_account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    provider: Mapped[str] = mapped_column(String(20), default="adyen")
    platform: Mapped[str] = mapped_column(String(8), default=Platform.TEST.value)
    merchant_account: Mapped[str] = mapped_column(String(100), index=True)
    live_endpoint_prefix: Mapped[str | None] = mapped_column(String(100))
    checkout_base_url: Mapped[str | None] = mapped_column(String(300))
    management_base_url: Mapped[str | None] = mapped_column(String(300))
    api_key_encrypted: Mapped[str] = mapped_column(Text)
    api_key_hint: Mapped[str] = mapped_column(String(4), default="")
    hmac_key_encrypted: Mapped[str | None] = mapped_column(Text)
    hmac_key_hint: Mapped[str] = mapped_column(String(4), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    countries: Mapped[list[ConnectorCountry]] = relationship(
        back_populates="connector", cascade="all, delete-orphan",
        order_by="ConnectorCountry.country_code", lazy="selectin",
    )

    @property
    def has_hmac_key(self) -> bool:
        return bool(self.hmac_key_encrypted)


class ConnectorCountry(Base):
    """A country a connector serves, in which currency, and the methods finance offers."""

    __tablename__ = "payment_connector_countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    connector_id: Mapped[int] = mapped_column(
        ForeignKey("payment_connectors.id", ondelete="CASCADE"), index=True
    )
    # One connector per country: the country's payments go to exactly one merchant account.
    country_code: Mapped[str] = mapped_column(String(2), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    connector: Mapped[PaymentConnectorConfig] = relationship(back_populates="countries")


class HealthCheck(Base):
    """One "Check now": what Adyen offered shoppers of a country, or why it failed."""

    __tablename__ = "payment_health_checks"
    __table_args__ = (Index("ix_payment_health_checks_country_time", "country_code", "checked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connector_id: Mapped[int] = mapped_column(
        ForeignKey("payment_connectors.id", ondelete="CASCADE"), index=True
    )
    country_code: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column(default=False)
    methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    error_kind: Mapped[str | None] = mapped_column(String(30))
    error_message: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[int | None] = mapped_column()
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    connector: Mapped[PaymentConnectorConfig] = relationship()
    checked_by = relationship("User", lazy="joined")


class PaymentChangeRequest(Base):
    """A request to switch a country's online payment on; a second finance user approves."""

    __tablename__ = "payment_change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=ChangeStatus.PENDING.value, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: as soon as approved. Otherwise the UTC instant of the local time asked for.
    effective_at: Mapped[datetime | None] = mapped_column()
    # What the requester typed, e.g. "2026-12-01 09:00 (Europe/Warsaw)", for display.
    effective_local: Mapped[str | None] = mapped_column(String(64))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_note: Mapped[str | None] = mapped_column(Text)
    applied_at: Mapped[datetime | None] = mapped_column()

    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")
    decided_by = relationship("User", foreign_keys=[decided_by_id], lazy="joined")


class WebhookEvent(Base):
    """One authentic Adyen notification item, stored once, raw."""

    __tablename__ = "adyen_webhook_events"
    __table_args__ = (
        UniqueConstraint("psp_reference", "event_code", "merchant_account_code"),
        Index("ix_adyen_webhook_events_country_time", "country_code", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connector_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_connectors.id", ondelete="SET NULL"), index=True
    )
    psp_reference: Mapped[str] = mapped_column(String(64))
    event_code: Mapped[str] = mapped_column(String(64))
    merchant_account_code: Mapped[str] = mapped_column(String(100))
    success: Mapped[bool | None] = mapped_column()
    live: Mapped[bool | None] = mapped_column()
    # The country of the payment, when the item says it or its currency tells it apart
    # among the connector's countries: the payment watch follows each country.
    country_code: Mapped[str | None] = mapped_column(String(2))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
