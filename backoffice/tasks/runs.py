"""Running one task: its own app context and transaction, and a record of each attempt.

The record (``TaskRun``) is written in transactions of its own, so that a task whose work
rolls back still leaves its error for admins to read.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from backoffice.core.db import db, rows_changed, utcnow
from backoffice.tasks.models import RunStatus, TaskRun
from backoffice.tasks.registry import task

logger = logging.getLogger(__name__)
MAX_ERROR = 2000
KEEP_DONE = timedelta(days=7)


def execute(app: Flask, spec: Any, kwargs: dict[str, Any], task: Any) -> Any:
    """Run ``spec.func(**kwargs)`` and commit (which queues the tasks it asked for); on an
    error roll back, record it, re-raise (the queue then retries, or gives up on the last
    attempt)."""
    task_id = str(getattr(task, "id", "") or f"direct-{spec.name}")
    final = not getattr(task, "retries", 0)
    with app.app_context():
        _record(task_id, spec.name, kwargs, RunStatus.RUNNING, attempt=True)
        try:
            result = spec.func(**kwargs)
            db.session.commit()
        except Exception as error:
            db.session.rollback()
            text = f"{type(error).__name__}: {error}"[:MAX_ERROR]
            _record(task_id, spec.name, kwargs,
                    RunStatus.FAILED if final else RunStatus.RETRYING, error=text)
            logger.warning("Task %s (%s) failed: %s", spec.name, task_id, text)
            raise
        _record(task_id, spec.name, kwargs, RunStatus.DONE)
    return result


def _record(task_id: str, name: str, kwargs: dict[str, Any], status: RunStatus, *,
            attempt: bool = False, error: str | None = None) -> None:
    session = db.session
    run = session.scalar(select(TaskRun).where(TaskRun.task_id == task_id))
    if run is None:
        run = TaskRun(task_id=task_id, name=name, arguments=_plain(kwargs), attempts=0)
        session.add(run)
    run.status = status.value
    run.updated_at = utcnow()
    if attempt:
        run.attempts += 1
    if error is not None:
        run.last_error = error
    session.commit()


def _plain(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, int | str | float | bool | None) else str(value)
            for key, value in kwargs.items()}


def failed_runs(limit: int = 100) -> list[TaskRun]:
    """Tasks that failed for good or are waiting for a retry, latest first."""
    return list(db.session.scalars(
        select(TaskRun).where(TaskRun.status.in_((RunStatus.FAILED, RunStatus.RETRYING)))
        .order_by(TaskRun.updated_at.desc(), TaskRun.id.desc()).limit(limit)))


def recent_runs(limit: int = 50) -> list[TaskRun]:
    return list(db.session.scalars(
        select(TaskRun).order_by(TaskRun.updated_at.desc(), TaskRun.id.desc()).limit(limit)))


@task("tasks.prune", schedule={"minute": "30", "hour": "3"})
def prune(now: datetime | None = None) -> int:
    """Forget successful runs after a week; failures stay until an admin has read them."""
    cutoff = (now or utcnow()) - KEEP_DONE
    result = db.session.execute(delete(TaskRun).where(
        TaskRun.status == RunStatus.DONE, TaskRun.updated_at < cutoff))
    return rows_changed(result)
