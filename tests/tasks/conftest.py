"""The queue under test on each store: Huey's SQLite storage and a real Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.redis import throwaway_redis


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with throwaway_redis() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def queue_app(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The test app with its queue on a real store; emptied before and after."""
    from backoffice.tasks.queue import queue

    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
    else:
        url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    app.config["QUEUE_URL"] = url
    app.extensions.pop("queue", None)
    huey = queue(app)
    huey.flush()
    yield app
    huey.flush()
    app.extensions.pop("queue", None)
