"""What the queue did with each task: attempts and the last error, for admins to read.

The queue's own storage (SQLite or Redis) holds the work itself; this table holds what
a person needs to see when something goes wrong, next to the rest of the product's data.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.core.db import Base, utcnow


class RunStatus(StrEnum):
    RUNNING = "running"
    RETRYING = "retrying"  # failed, another attempt is scheduled
    FAILED = "failed"  # failed on its last attempt
    DONE = "done"


class TaskRun(Base):
    """One task, across its attempts (``task_id`` is the queue's id, kept over retries)."""

    __tablename__ = "task_runs"
    __table_args__ = (Index("ix_task_runs_status_updated", "status", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=RunStatus.RUNNING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
