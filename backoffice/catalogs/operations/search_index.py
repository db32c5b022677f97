"""The editor's search index, and the rows that wait to enter it.

A row is in the index exactly when its ``search_pending`` flag is off (on SQLite the
triggers of migrations 0024 and 0026 keep the FTS5 table in step; on PostgreSQL the pg_trgm
index is partial). An import writes a new catalog's rows with the flag on, so that the
upload does not wait for the index (half of an import's time on SQLite); the task
``catalogs.index_search`` then clears it, one slice of rows per transaction, so that the
database's write lock (SQLite has one for the whole file) is never held for long. Until
then a search in that catalog reads its rows, with the same answer.
"""

from __future__ import annotations

from sqlalchemy import select, update

from backoffice.catalogs.models import Message
from backoffice.core.db import db, refresh_statistics
from backoffice.tasks.queue import enqueue

INDEX_TASK = "catalogs.index_search"
SLICE = 5_000  # rows indexed per transaction: about 0.2 s of SQLite's write lock


def index_later(catalog_id: int) -> None:
    """Index the catalog's pending rows once the current transaction commits."""
    enqueue(INDEX_TASK, catalog_id=catalog_id)


def has_pending(catalog_id: int) -> bool:
    """Whether some of the catalog's rows are not in the index yet (a partial index)."""
    return db.session.scalar(
        select(Message.id).where(Message.catalog_id == catalog_id, Message.search_pending)
        .limit(1)) is not None


def pending_catalogs() -> list[int]:
    return list(db.session.scalars(
        select(Message.catalog_id).where(Message.search_pending).distinct()))


def index_slice(catalog_id: int) -> int:
    """Put up to ``SLICE`` of the catalog's pending rows into the index; how many it put.

    A plain UPDATE of the flag (no ORM events: nothing a reader sees changes, so neither
    the rows' versions nor the client catalogs' revisions move). Run again, it takes the
    next rows; once none is left it does nothing. The slice that leaves none (fewer than
    ``SLICE``) also has PostgreSQL's planner learn the table with the new catalog in it:
    the import is then done with, and its pages are read through the right index.
    """
    table = Message.__table__
    chosen = (select(table.c.id)
              .where(table.c.catalog_id == catalog_id, table.c.search_pending)
              .order_by(table.c.id).limit(SLICE).scalar_subquery())
    result = db.session.connection().execute(
        update(table).where(table.c.id.in_(chosen)).values(search_pending=False))
    done = int(result.rowcount)
    if done < SLICE:
        refresh_statistics(table)
    return done
