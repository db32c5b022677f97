"""How many statements a bulk insert sends: on SQLite, many rows per statement."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from backoffice.catalogs.models import Catalog, Message
from backoffice.core import bulk
from backoffice.countries.models import Locale
from tests.support.queries import QueryCounter

NOW = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)


def _catalog(db: Session, code: str) -> Catalog:
    db.add(Locale(code=code))
    catalog = Catalog(domain="app", locale_code=code)
    db.add(catalog)
    db.flush()
    return catalog


def _rows(catalog_id: int, count: int) -> list[dict[str, Any]]:
    return [
        {"catalog_id": catalog_id, "position": n, "source_key": f"k{n}", "msgid": f"Ride {n}",
         "msgid_plural": None, "msgctxt": None if n % 2 else "menu", "flags": [],
         "translations": [f"Viagem {n}"], "search_text": f"ride {n}\nviagem {n}",
         "findings": [], "obsolete": False, "failing": False, "state": "translated",
         "version": 1, "updated_at": NOW}
        for n in range(count)
    ]


def _stored(db: Session, catalog_id: int) -> list[tuple[Any, ...]]:
    db.expire_all()
    return [
        (m.position, m.msgid, m.msgctxt, m.translations, m.search_text, m.updated_at)
        for m in db.scalars(select(Message).where(Message.catalog_id == catalog_id)
                            .order_by(Message.id))
    ]


def test_a_chunk_goes_as_few_statements_of_many_rows_on_sqlite(
        db: Session, engine: Engine) -> None:
    expected_catalog = _catalog(db, "pt_PT")
    count = bulk.ROWS_PER_STATEMENT * 2 + 7
    db.execute(insert(Message.__table__), _rows(expected_catalog.id, count))
    expected = [row[1:] for row in _stored(db, expected_catalog.id)]

    catalog = _catalog(db, "pt_BR")
    with QueryCounter(engine) as queries:
        bulk.insert_rows(db.connection(), Message.__table__, _rows(catalog.id, count),
                         chunk=count)
    stored = _stored(db, catalog.id)
    # Same rows, in the order given (ids follow positions), as SQLAlchemy's insert wrote.
    assert [row[1:] for row in stored] == expected
    assert [row[0] for row in stored] == list(range(count))
    inserts = [s for s in queries.statements
               if s.lstrip().upper().startswith("INSERT INTO CATALOG_MESSAGES ")]
    if engine.dialect.name == "sqlite":
        # Two full statements in one executemany, then one for the 7 rows left.
        assert len(inserts) == 2
        assert inserts[0].count("?") == bulk.ROWS_PER_STATEMENT * inserts[1].count("?") // 7
    else:
        assert inserts == []  # one COPY stream, which passes no cursor event


def test_the_search_index_holds_every_row_of_a_multi_row_statement(
        db: Session, engine: Engine) -> None:
    catalog = _catalog(db, "pt_PT")
    bulk.insert_rows(db.connection(), Message.__table__,
                     _rows(catalog.id, bulk.ROWS_PER_STATEMENT + 3))
    if engine.dialect.name != "sqlite":
        return
    ids = db.execute(select(Message.id).where(Message.msgid == "Ride 1002")).scalars().all()
    hits = db.connection().exec_driver_sql(
        "SELECT rowid FROM catalog_messages_search WHERE catalog_messages_search MATCH "
        "'\"viagem 1002\"'").scalars().all()
    assert hits == ids and len(ids) == 1
