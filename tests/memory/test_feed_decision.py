"""A large catalog change goes to the background task, decided before reading its rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from backoffice.catalogs.models import Message
from backoffice.memory import feed, lookup
from backoffice.tasks.queue import PENDING
from tests.support.queries import QueryCounter


def test_a_surely_large_change_reads_no_row(
        db: Session, engine: Engine, catalog_of: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "SYNC_LIMIT", 1)
    catalog = catalog_of("fr_FR", [("Book a seat", "Réserver"), ("Cancel", "Annuler"),
                                   ("Pay", "Payer")])
    db.info[PENDING].clear()
    with QueryCounter(engine) as queries:
        assert feed.catalog_changed(catalog) == 0
    assert ("memory.feed_catalog", {"catalog_id": catalog.id}) in db.info[PENDING]
    # Two counts, and no read of the messages' texts.
    assert not [s for s in queries.statements if "translations" in s]
    assert len([s for s in queries.statements if "count(" in s.lower()]) == 2


def test_a_change_the_counts_cannot_tell_is_diffed(
        db: Session, catalog_of: Callable[..., Any]) -> None:
    catalog = catalog_of("fr_FR", [("Book a seat", "Réserver"), ("Cancel", "Annuler")])
    # As many published messages as units, yet both texts change: the diff finds them.
    db.execute(update(Message).where(Message.catalog_id == catalog.id)
               .values(translations=["Autre"]))
    assert feed.catalog_changed(catalog) == 4  # two units removed, two written
    assert [m.target for m in lookup.lookup("fr", "Book a seat")] == ["Autre"]


def test_a_savepoint_released_does_not_send_its_tasks(db: Session) -> None:
    from backoffice.tasks.queue import enqueue

    with db.begin_nested():
        enqueue("memory.feed_catalog", catalog_id=1)
    # The transaction around the savepoint has not committed: the task waits for it.
    assert db.info[PENDING] == [("memory.feed_catalog", {"catalog_id": 1})]
