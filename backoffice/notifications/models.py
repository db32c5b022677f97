"""Notifications, each person's delivery choices, and the marks the watchers compare to."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow


class Delivery(StrEnum):
    IMMEDIATE = "immediate"  # one e-mail per notification, as it happens
    DIGEST = "digest"  # one e-mail a day with everything new
    OFF = "off"  # no e-mail; the inbox still lists it


class MailStatus(StrEnum):
    PENDING = "pending"  # queued for an immediate e-mail
    DIGEST = "digest"  # waiting for the day's digest
    SENT = "sent"
    NONE = "none"  # no e-mail for this one (delivery off, or no mail server configured)


class Notification(Base):
    """One thing one person should know, in the words of its kind (``notifications.kinds``).

    The text is rendered when read, in the reader's language, from ``kind`` and
    ``params``; ``key`` says which event it is, so that the same event notifies a person
    once however often it is noticed.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_mail_status", "mail_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(160))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A path inside the console (``/approvals``): mails prefix the configured base URL.
    link: Mapped[str] = mapped_column(String(300), default="/")
    country_code: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
    mail_status: Mapped[str] = mapped_column(String(8), default=MailStatus.NONE.value)
    mailed_at: Mapped[datetime | None] = mapped_column()

    user = relationship("User", lazy="joined")


class NotificationPreference(Base):
    """How a person wants one kind of notification by e-mail (immediate when unset)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(12), default=Delivery.IMMEDIATE.value)


class WatchMark(Base):
    """The last value a periodic watcher saw for a subject (``risk:PL``, ``catalog:pl_PL``).

    Watchers notify on a change of value only; ``changes`` counts them, so each change
    has a key of its own and notifies once.
    """

    __tablename__ = "watch_marks"

    subject: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
    changes: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
