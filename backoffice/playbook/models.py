"""Playbook task templates and the tasks they become in each country."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.accounts.models import User
from backoffice.core.db import Base, utcnow

STATUSES = ("todo", "in_progress", "done", "skipped")
CLOSED = ("done", "skipped")


class TaskTemplate(Base):
    """A task every launch goes through, due ``offset_days`` from the stage's target date."""

    __tablename__ = "playbook_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(16))  # the stage the task is a gate of
    required: Mapped[bool] = mapped_column(default=False)
    offset_days: Mapped[int] = mapped_column(default=0)  # negative: before the target
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlaybookTask(Base):
    """One country's task: its owner, status and notes; due from the country's target."""

    __tablename__ = "playbook_tasks"
    __table_args__ = (UniqueConstraint("country_code", "template_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code", ondelete="CASCADE"), index=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("playbook_templates.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(default=False)
    offset_days: Mapped[int] = mapped_column(default=0)
    due_date: Mapped[date | None] = mapped_column(Date)  # set by hand, else from the target
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="todo")
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User | None] = relationship(lazy="joined")

    @property
    def closed(self) -> bool:
        return self.status in CLOSED
