"""Tasks go through a real store, only after their transaction commits, and are retried
with back-off; a task that keeps failing is shown to admins with its error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.notifications.models import WatchMark
from backoffice.tasks.models import RunStatus, TaskRun
from backoffice.tasks.queue import dispatch_pending, enqueue, queue, task
from backoffice.tasks.worker import run_ready, without_credentials
from tests.support.fixture_types import SignedIn

FAILURES: dict[str, int] = {}


@task("tests.mark", retries=0)
def mark(subject: str) -> str:
    """Idempotent: marking twice leaves one mark."""
    from backoffice.core.db import db

    if db.session.get(WatchMark, subject) is None:
        db.session.add(WatchMark(subject=subject, value="done"))
    return subject


@task("tests.flaky", retries=2, retry_delay=60, retry_backoff=2.0)
def flaky(subject: str, failures: int) -> str:
    if FAILURES.get(subject, 0) < failures:
        FAILURES[subject] = FAILURES.get(subject, 0) + 1
        raise RuntimeError(f"Adyen did not answer ({FAILURES[subject]})")
    return mark(subject)


def _committed(app: Flask, db: Session, name: str, **kwargs: Any) -> int:
    """Ask for a task, commit: the queue's store then holds it."""
    before = queue(app).pending_count()
    enqueue(name, **kwargs)
    assert queue(app).pending_count() == before  # nothing before the commit
    db.commit()
    return queue(app).pending_count() - before


def test_a_task_runs_through_the_store_once_committed(queue_app: Flask, db: Session) -> None:
    assert _committed(queue_app, db, "tests.mark", subject="q:one") == 1
    assert db.get(WatchMark, "q:one") is None  # nothing ran in the asking transaction
    assert run_ready(queue_app) == 1
    db.expire_all()
    assert db.get(WatchMark, "q:one").value == "done"
    run = db.scalar(select(TaskRun).where(TaskRun.name == "tests.mark"))
    assert (run.status, run.attempts) == (RunStatus.DONE, 1)


def test_a_rolled_back_transaction_queues_nothing(queue_app: Flask, db: Session) -> None:
    enqueue("tests.mark", subject="q:never")
    db.rollback()
    db.commit()
    assert dispatch_pending(db) == 0
    assert queue(queue_app).pending_count() == 0
    assert run_ready(queue_app) == 0


def test_a_savepoint_rolled_back_keeps_the_outer_transactions_tasks(
        queue_app: Flask, db: Session) -> None:
    enqueue("tests.mark", subject="q:outer")
    with db.begin_nested() as nested:
        nested.rollback()
    db.commit()
    assert queue(queue_app).pending_count() == 1


def test_a_failing_task_is_retried_with_back_off_then_shown(
        queue_app: Flask, db: Session, client: FlaskClient, signed_in: SignedIn) -> None:
    FAILURES.pop("q:flaky", None)
    _committed(queue_app, db, "tests.flaky", subject="q:flaky", failures=5)
    huey = queue(queue_app)
    now = dt.datetime.now(dt.UTC)
    assert run_ready(queue_app, at=now) == 1
    run = db.scalar(select(TaskRun).where(TaskRun.name == "tests.flaky"))
    assert run.status == RunStatus.RETRYING and "Adyen did not answer (1)" in run.last_error
    [waiting] = huey.scheduled()
    assert waiting.retries == 1 and waiting.retry_delay == 120  # doubled for the next one
    assert run_ready(queue_app, at=now + dt.timedelta(seconds=30)) == 0  # not yet
    assert run_ready(queue_app, at=now + dt.timedelta(seconds=61)) == 1
    assert run_ready(queue_app, at=now + dt.timedelta(seconds=200)) == 1
    db.expire_all()
    run = db.scalar(select(TaskRun).where(TaskRun.name == "tests.flaky"))
    assert (run.status, run.attempts) == (RunStatus.FAILED, 3)
    assert huey.scheduled_count() == 0 and huey.pending_count() == 0

    signed_in("admin")
    page = client.get("/admin/tasks/").get_data(as_text=True)
    assert "tests.flaky" in page and "Adyen did not answer (3)" in page


def test_a_retry_that_succeeds_does_the_work_once(queue_app: Flask, db: Session) -> None:
    FAILURES.pop("q:second", None)
    _committed(queue_app, db, "tests.flaky", subject="q:second", failures=1)
    now = dt.datetime.now(dt.UTC)
    run_ready(queue_app, at=now)
    run_ready(queue_app, at=now + dt.timedelta(seconds=61))
    db.expire_all()
    assert db.get(WatchMark, "q:second").value == "done"
    run = db.scalar(select(TaskRun).where(TaskRun.name == "tests.flaky"))
    assert (run.status, run.attempts) == (RunStatus.DONE, 2)


def test_the_worker_command_runs_what_is_ready(queue_app: Flask, db: Session) -> None:
    runner = queue_app.test_cli_runner()
    _committed(queue_app, db, "tests.mark", subject="q:cli2")
    outcome = runner.invoke(args=["worker", "--once"])
    assert outcome.exit_code == 0 and "Ran 1 task(s)." in outcome.output
    db.expire_all()
    assert db.get(WatchMark, "q:cli2") is not None


@pytest.mark.parametrize("role", ["finance", "launch_manager", "viewer"])
def test_only_admins_read_the_tasks(client: FlaskClient, signed_in: SignedIn, role: str) -> None:
    signed_in(role)
    assert client.get("/admin/tasks/").status_code == 403


def test_queue_urls_are_shown_without_credentials() -> None:
    assert without_credentials("redis://:s3cret@queue.internal:6379/0") == (
        "redis://queue.internal:6379/0")
    assert without_credentials("sqlite:///instance/queue.sqlite3") == (
        "sqlite:///instance/queue.sqlite3")


def test_a_request_that_fails_queues_nothing_and_one_that_succeeds_does(
        queue_app: Flask, db: Session) -> None:
    from flask import Response

    from backoffice.app import _commit_or_rollback

    for status, queued in ((409, 0), (200, 1)):
        with queue_app.test_request_context("/anything", method="POST"):
            enqueue("tests.mark", subject=f"q:request-{status}")
            _commit_or_rollback(Response(status=status))
        assert queue(queue_app).pending_count() == queued
