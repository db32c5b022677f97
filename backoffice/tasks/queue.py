"""The task queue: Huey, on its SQLite storage on one machine, on Redis for several.

``BACKOFFICE_QUEUE_URL`` chooses the store: ``sqlite:///path`` (the default, beside the
database in ``instance/``), ``redis://host:port/db`` (several app servers and workers
sharing one queue), or ``memory://`` (one process only: tests and experiments).

Tasks are plain functions registered here by name (``@task``). Each runs in an app
context of its own, with the database session committed once at its end, and is retried
with back-off when it raises. A task must be idempotent: it may run again after a retry,
or after a crash between its work and its commit.

Work is handed to the queue only once the transaction that asked for it has committed
(``enqueue``, then ``dispatch_pending`` on the session's commit): a request or a command
that rolls back leaves no task behind.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from backoffice.config import ConfigError
from backoffice.core.db import db
from backoffice.tasks import registry
from backoffice.tasks.registry import REGISTRY, TaskSpec
from backoffice.tasks.runs import execute

if TYPE_CHECKING:
    from werkzeug.local import LocalProxy

# The modules whose functions register as tasks; imported when the queue is built.
TASK_MODULES = (
    "backoffice.tasks.runs",
    "backoffice.notifications.tasks",
    "backoffice.monitoring.tasks",
    "backoffice.planning.tasks",
    "backoffice.playbook.tasks",
    "backoffice.memory.tasks",
    "backoffice.catalogs.tasks",
)
PENDING = "tasks_after_commit"
QUEUE_NAME = "backoffice"


def make_huey(url: str, *, blocking: bool = True) -> Huey:
    """The Huey instance for a queue URL (see the module's docstring)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, blocking=blocking, utc=True)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path), utc=True)
    if url == "memory://":
        return MemoryHuey(QUEUE_NAME, utc=True)
    raise ConfigError(
        f"BACKOFFICE_QUEUE_URL must start with sqlite:///, redis:// or memory://, not {url!r}.")


# Tasks register with ``registry.task``; importable from here as before.
task = registry.task

_build_lock = threading.Lock()


def app_object() -> Flask:
    """The application behind ``current_app``, to hand on where the proxy would not follow."""
    return cast("LocalProxy[Flask]", current_app)._get_current_object()


def queue(app: Flask | None = None) -> Huey:
    """The app's queue, built on first use with every registered task on it."""
    app = app or app_object()
    huey = app.extensions.get("queue")
    if huey is not None:
        return huey
    with _build_lock:
        huey = app.extensions.get("queue")
        if huey is None:
            huey = _build(app)
            app.extensions["queue"] = huey
    return huey


def _build(app: Flask) -> Huey:
    load_tasks()
    huey = make_huey(app.config["QUEUE_URL"])
    wrappers: dict[str, Any] = {}
    for spec in REGISTRY.values():
        def run(task: Any = None, _spec: TaskSpec = spec, **kwargs: Any) -> Any:
            return execute(app, _spec, kwargs, task)

        options = {"retries": spec.retries, "retry_delay": spec.retry_delay,
                   "retry_backoff": spec.retry_backoff, "context": True, "name": spec.name}
        if spec.schedule is not None:
            wrappers[spec.name] = huey.periodic_task(crontab(**spec.schedule), **options)(run)
        else:
            wrappers[spec.name] = huey.task(**options)(run)
    app.extensions["queue_tasks"] = wrappers
    return huey


def load_tasks() -> None:
    """Import the modules that register tasks (once; later calls cost a dict lookup)."""
    for module in TASK_MODULES:
        importlib.import_module(module)


def enqueue(name: str, **kwargs: Any) -> None:
    """Run the task ``name`` in the background once the current transaction commits.

    Arguments must be plain data (numbers, strings, lists, dicts): they travel through the
    queue's store. If the transaction rolls back, the task is never queued.
    """
    if name not in REGISTRY:
        load_tasks()
    if name not in REGISTRY:
        raise KeyError(f"no task named {name!r}")
    session = db.session
    if not session.in_transaction():
        session.begin()  # the task belongs to this transaction: its rollback drops it
    session.info.setdefault(PENDING, []).append((name, kwargs))


@event.listens_for(Session, "after_commit")
def dispatch_pending(session: Session, app: Flask | None = None) -> int:
    """Hand the committed transaction's tasks to the queue: after the commit of a request
    (``app._commit_or_rollback``), of a command or of a task, and only then: a savepoint
    released inside a transaction (``begin_nested``) fires the same event, and its tasks
    wait for the transaction around it."""
    if session.in_nested_transaction():
        return 0
    pending = session.info.pop(PENDING, [])
    if not pending:
        return 0
    if app is None and not has_app_context():
        session.info[PENDING] = pending  # no app to queue on: keep them for the next commit
        return 0
    app = app or app_object()
    queue(app)
    wrappers = app.extensions["queue_tasks"]
    for name, kwargs in pending:
        wrappers[name](**kwargs)
    return len(pending)


@event.listens_for(Session, "after_soft_rollback")
def discard_pending(session: Session, previous_transaction: Any = None) -> None:
    """Forget the tasks of a transaction that rolled back (a savepoint's rollback keeps
    them: the outer transaction may still commit)."""
    if previous_transaction is None or previous_transaction.parent is None:
        session.info.pop(PENDING, None)
