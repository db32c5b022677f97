"""The queue under test on each store: Huey's SQLite storage and a real Redis."""

from __future__ import annotations

import pytest

from tests.support.redis import throwaway_redis


@pytest.fixture(scope="session")
def redis_url():  # type: ignore[no-untyped-def]
    with throwaway_redis() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def queue_app(request, app, tmp_path):  # type: ignore[no-untyped-def]
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
