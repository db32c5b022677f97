"""Database access: one engine per app, one session per request or CLI command.

Operations only ``flush()``; the request commits once (see ``backoffice.app``) and
rolls back on any error, so a failed request leaves nothing half-applied.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import JSON, DateTime, MetaData, Table, create_engine, event, text
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}

    if TYPE_CHECKING:
        # Every model here maps a table (none a subquery): core statements take it as one.
        __table__: ClassVar[Table]


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (``execute`` is typed as a plain ``Result``)."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


def refresh_statistics(table: Table) -> None:
    """Have PostgreSQL's planner learn ``table`` as it is now (``ANALYZE``), after a write
    that changes what its statistics say, such as a new catalog of 100,000 messages: until
    autovacuum comes round, the planner takes the new catalog for a handful of rows and
    reads it whole for a page (EXPLAIN: 170 ms instead of 0.1 ms for 100,000 messages).
    SQLite's planner keeps no statistics here (queries that need it probe an index)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # The table's name comes from the model, never from a request.
        db.session.execute(text(f"ANALYZE {table.name}"))


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; take it over (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL").
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # SQLite's default 2 MB page cache thrashed while an import wrote into indexes spread
        # over every catalog. Since the keys are indexed by catalog (migration 0025) and the
        # search index is filled after the import (0026), a new catalog's writes stay in a
        # region of their own: 8 MB imports 20,000 messages as fast as 32 MB did, and a
        # 100,000-message import peaks 29 MB lower (each connection has its own cache,
        # which grows only as pages are used; ``make bench`` measures both).
        cursor.execute("PRAGMA cache_size=-8192")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A request that may write takes the write lock up front: a deferred transaction
        # that upgrades later fails at once with "database is locked" when another writer
        # is busy, whatever the busy timeout. Reads stay deferred and concurrent.
        reading = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            if exc is not None:
                session.rollback()
            session.close()


class _Database:
    """``db.session`` is the session of the current request or command."""

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["db_sessionmaker"]()
        session: Session = g.db_session
        return session

    @property
    def engine(self) -> Engine:
        engine: Engine = current_app.extensions["db_engine"]
        return engine

    def has_session(self) -> bool:
        return "db_session" in g


db = _Database()
