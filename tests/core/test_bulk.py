"""Bulk inserts through the driver give the same rows as SQLAlchemy's own insert."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice.catalogs.models import Catalog, Message
from backoffice.core import bulk
from backoffice.countries.models import Locale
from tests.support.queries import QueryCounter


def _catalog(db: Session) -> Catalog:
    db.add(Locale(code="pt_PT"))
    catalog = Catalog(domain="app", locale_code="pt_PT")
    db.add(catalog)
    db.flush()
    return catalog


def _rows(catalog_id: int, first: int, count: int, now: datetime) -> list[dict]:
    return [
        {
            "catalog_id": catalog_id, "position": first + n, "source_key": f"k{first + n}",
            "msgid": f"Ride {n}", "msgid_plural": "Rides {n}" if n % 3 == 0 else None,
            "msgctxt": None if n % 2 else "menu",
            "flags": ["python-brace-format"] if n % 3 == 0 else [],
            "translations": ["Viagem", "Viagens"] if n % 3 == 0 else [f"Viagem {n} ção"],
            "findings": [{"check": "whitespace", "severity": "warning"}] if n == 4 else [],
            "obsolete": n == 5, "failing": n == 4, "state": "translated", "version": 1,
            "updated_at": now,
        }
        for n in range(count)
    ]


def _stored(db: Session, catalog_id: int) -> list[tuple]:
    db.expire_all()
    return [
        (m.position - (m.position // 100) * 100, m.msgid, m.msgid_plural, m.msgctxt, m.flags,
         m.translations, m.findings, m.obsolete, m.failing, m.updated_at)
        for m in db.scalars(select(Message).where(Message.catalog_id == catalog_id)
                            .order_by(Message.position))
    ]


def test_rows_match_sqlalchemys_insert(db: Session, engine: Engine) -> None:
    catalog = _catalog(db)
    now = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    db.execute(insert(Message.__table__), _rows(catalog.id, 0, 7, now))
    expected = _stored(db, catalog.id)
    db.execute(Message.__table__.delete().where(Message.catalog_id == catalog.id))

    with QueryCounter(engine) as queries:
        bulk.insert_rows(db.connection(), Message.__table__, _rows(catalog.id, 100, 7, now),
                         chunk=3)
    assert _stored(db, catalog.id) == expected
    assert expected[0][-1] == now and expected[4][6][0]["check"] == "whitespace"
    assert expected[0][5] == ["Viagem", "Viagens"] and expected[1][5] == ["Viagem 1 ção"]
    # Chunks of 3, 3 and 1 rows, in the session's transaction, and the catalog's revision
    # stamp moved once (backoffice.api.catalog_stamps). On PostgreSQL the chunks go as COPY
    # streams, which pass no cursor event.
    assert queries.count == (4 if engine.dialect.name == "sqlite" else 1)


def test_nothing_to_insert_sends_nothing(db: Session, engine: Engine) -> None:
    with QueryCounter(engine) as queries:
        bulk.insert_rows(db.connection(), Message.__table__, [])
    assert queries.count == 0


def test_rows_of_one_column(db: Session) -> None:
    bulk.insert_rows(db.connection(), Locale.__table__, [{"code": "xx_XX"}, {"code": "yy_YY"}])
    codes = db.scalars(select(Locale.code).where(Locale.code.in_(["xx_XX", "yy_YY"])))
    assert sorted(codes) == ["xx_XX", "yy_YY"]


def test_a_refused_row_raises_sqlalchemys_error(db: Session) -> None:
    """A row the database refuses (here: a catalog that does not exist) raises the error an
    INSERT would, on PostgreSQL's COPY too; the caller's rollback handles it as any other."""
    now = datetime(2026, 3, 29, tzinfo=UTC)
    with pytest.raises(IntegrityError):
        bulk.insert_rows(db.connection(), Message.__table__, _rows(987654, 0, 3, now))
    db.rollback()
