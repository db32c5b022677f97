"""``backoffice worker``: runs the queue's tasks and its periodic work.

The worker is Huey's consumer (threads, with the periodic scheduler). ``run_ready`` runs
what is ready in the calling thread, through the same store: ``--once`` uses it, and so
do the tests, to run a queue step by step.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

import click
from flask import Flask
from flask.cli import with_appcontext

from backoffice.tasks.queue import app_object, queue


def without_credentials(url: str) -> str:
    """A store's URL fit for a terminal or a log: any user and password left out."""
    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def run_ready(app: Flask, *, at: dt.datetime | None = None, limit: int = 500) -> int:
    """Run the tasks that are ready at ``at`` (UTC, default now), retries included.

    A task that fails and still has attempts left goes back to the store's schedule,
    ``retry_delay`` later, and runs here again once that time has come.
    """
    huey = queue(app)
    timestamp = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    ran = 0
    for due in huey.read_schedule(timestamp):
        huey.enqueue(due)
    while ran < limit and huey.pending_count():
        item = huey.dequeue()
        if item is None:
            break
        huey.execute(item, timestamp)
        ran += 1
    return ran


def run_periodic(app: Flask, at: dt.datetime | None = None) -> int:
    """Queue the periodic tasks whose schedule matches ``at`` (what the scheduler does)."""
    huey = queue(app)
    timestamp = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    due = huey.read_periodic(timestamp)
    for item in due:
        huey.enqueue(item)
    return len(due)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Threads running tasks.")
@click.option("--once", is_flag=True, help="Run the tasks ready now, then stop.")
@with_appcontext
def worker(workers: int, once: bool) -> None:
    """Run background tasks: mails, digests, health checks, monitors."""
    app = app_object()
    if once:
        click.echo(f"Ran {run_ready(app)} task(s).")
        return
    click.echo(f"Worker on {without_credentials(app.config['QUEUE_URL'])} with {workers} "
               "thread(s).")
    queue(app).create_consumer(workers=workers, worker_type="thread", periodic=True).run()
