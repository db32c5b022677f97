"""Bump the client API's revision stamps whenever what it serves changes.

A session listener sees every ORM flush and every DML statement sent through a session,
and gives the stamp of each kind of answer the touched tables feed a new random value, in
the same transaction: the change and the new stamp are committed (or rolled back)
together. Built answers are kept per app (so per database) in ``Answers``.

Catalogs have a stamp each (``catalog_key``): a change to a catalog's row or to one of
its messages moves that catalog's stamp only (``backoffice.api.catalog_stamps`` works out
which catalogs a statement touches, bulk inserts on a raw connection included), so a save
in one locale leaves every other locale's answer valid. The ``catalogs`` stamp is left
for what decides which catalogs exist and are public (countries, locales and their
parents, catalogs created or removed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import Any, Literal

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session

from backoffice.api.models import ContentRevision
from backoffice.api.stamp_keys import CATALOGS, catalog_key  # noqa: F401 (read from here too)
from backoffice.core import bulk
from backoffice.core.db import db
from backoffice.core.sqlite_wal import WalCommits

COUNTRIES = "countries"

# Table name -> the stamps it feeds.
FEEDS: dict[str, tuple[str, ...]] = {
    # Which countries are visible also says which catalogs are public.
    "countries": (COUNTRIES, CATALOGS),
    "country_locales": (COUNTRIES, CATALOGS),
    "locales": (COUNTRIES, CATALOGS),
    "stage_changes": (COUNTRIES, CATALOGS),
    "payment_change_requests": (COUNTRIES,),
    "payment_connector_countries": (COUNTRIES,),
    "idcheck_policies": (COUNTRIES,),
    # Moderation coverage and required playbook tasks say whether a country is at risk.
    "moderators": (COUNTRIES,),
    "moderation_needs": (COUNTRIES,),
    "playbook_tasks": (COUNTRIES,),
    # A catalog's counters say whether a live country is at risk (its country answer);
    # its own stamp moves too (see ``backoffice.api.catalog_stamps``).
    "catalogs": (COUNTRIES,),
}


_table = ContentRevision.__table__


def bump(connection: Connection, keys: set[str]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for key in sorted(keys):  # a fixed order: concurrent writers lock rows alike
        value = secrets.randbits(62) + 1
        statement = dialect.insert(_table).values(key=key, revision=value)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[_table.c.key], set_={"revision": value}))


def read(connection: Connection, key: str) -> int:
    """The stamp of ``key`` (0 for one never bumped) on ``connection``."""
    value = connection.execute(
        select(_table.c.revision).where(_table.c.key == key)).scalar_one_or_none()
    return value or 0


def read_many(connection: Connection, keys: list[str]) -> dict[str, int]:
    rows = connection.execute(
        select(_table.c.key, _table.c.revision).where(_table.c.key.in_(keys))).all()
    found = {key: value or 0 for key, value in rows}
    return {key: found.get(key, 0) for key in keys}


def current_many(keys: list[str]) -> dict[str, int]:
    """The stamps of ``keys`` as committed now, in one query at most (see ``current``)."""
    line = _stamp_line()
    return read_many(db.session.connection(), keys) if line is None else line.read_many(keys)


def current(key: str) -> int:
    """The stamp of ``key`` as committed now: one primary-key query at most.

    A session already open, or bound to one connection, may hold changes of its own not
    committed yet: it is asked. Otherwise the engine's stamp line answers.
    """
    line = _stamp_line()
    return read(db.session.connection(), key) if line is None else line.read(key)


def _stamp_line() -> StampLine | None:
    """The engine's stamp line, or None when the session is to be asked (see ``current``;
    an in-memory database has no line: its connections are not shared)."""
    engine = current_app.extensions["db_sessionmaker"].kw.get("bind")
    if db.has_session() or not isinstance(engine, Engine):
        return None
    line: StampLine | Literal[False] | None = current_app.extensions.get("client_api_stamp_line")
    if line is None:
        line = current_app.extensions.setdefault(
            "client_api_stamp_line", False if _in_memory(engine) else StampLine(engine))
    return None if line is False else line


_STAMP_QUERY = {True: "SELECT revision FROM content_revisions WHERE key = ?",
                False: "SELECT revision FROM content_revisions WHERE key = %s"}


def _in_memory(engine: Engine) -> bool:
    """An in-memory SQLite database: another connection would be another database."""
    url = engine.url
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory")


class StampLine:
    """One autocommit DBAPI connection per process that only reads stamps.

    Written by hand because this lookup is the whole work of a read answered from kept
    bytes: checking a connection out of SQLAlchemy's pool and back in costs about six
    times the query itself (measured: 30 us against 5 us on SQLite). The connection
    comes from the engine (its connect events apply), leaves the pool (``detach``), reads
    with no transaction, so each query sees what is committed now, and is closed with
    the engine. Driver errors are raised as SQLAlchemy's, so a lost database answers 503
    like any other request; the connection is then dropped and made again on next use.

    On SQLite in WAL mode, a stamp read once stays known until the database's commit
    marker moves (``backoffice.core.sqlite_wal``): the marker is read before the query,
    so a commit that lands in between only costs one more query.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statement = _STAMP_QUERY[engine.dialect.paramstyle == "qmark"]
        self._lock = threading.Lock()
        self._connection: Any = None
        self._commits: WalCommits | None = None
        self._known: dict[str, tuple[bytes, int]] = {}
        self._pid = 0
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def read(self, key: str) -> int:
        driver_error = self.engine.dialect.loaded_dbapi.Error
        with self._lock:
            try:
                connection = self._connect()
                marker = self._commits.current() if self._commits is not None else None
                known = self._known.get(key)
                if marker is not None and known is not None and known[0] == marker:
                    return known[1]
                value = self._query(connection, key)
            except driver_error as error:
                lost = self._connection is None or self.engine.dialect.is_disconnect(
                    error, self._connection, None)
                self._close()
                raise DBAPIError.instance(self.statement, (key,), error, driver_error,
                                          connection_invalidated=lost) from error
            if marker is not None:
                self._known[key] = (marker, value)
            return value

    def read_many(self, keys: list[str]) -> dict[str, int]:
        driver_error = self.engine.dialect.loaded_dbapi.Error
        with self._lock:
            try:
                connection = self._connect()
                marker = self._commits.current() if self._commits is not None else None
                if marker is not None:
                    known = [self._known.get(key) for key in keys]
                    if all(k is not None and k[0] == marker for k in known):
                        return {key: k[1] for key, k in zip(keys, known, strict=True)
                                if k is not None}
                values = self._query_many(connection, keys)
            except driver_error as error:
                lost = self._connection is None or self.engine.dialect.is_disconnect(
                    error, self._connection, None)
                self._close()
                raise DBAPIError.instance(self.statement, tuple(keys), error, driver_error,
                                          connection_invalidated=lost) from error
            if marker is not None:
                for key, value in values.items():
                    self._known[key] = (marker, value)
            return values

    def _query_many(self, connection: Any, keys: list[str]) -> dict[str, int]:
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        cursor = connection.cursor()
        try:
            # Only placeholders are joined in; the keys are bound parameters.
            marks = ", ".join([mark] * len(keys))
            statement = f"SELECT key, revision FROM content_revisions WHERE key IN ({marks})"  # noqa: S608
            cursor.execute(statement, tuple(keys))
            found = {key: value or 0 for key, value in cursor.fetchall()}
        finally:
            cursor.close()
        return {key: found.get(key, 0) for key in keys}

    def _query(self, connection: Any, key: str) -> int:
        cursor = connection.cursor()
        try:
            cursor.execute(self.statement, (key,))
            row = cursor.fetchone()
        finally:
            cursor.close()
        return row[0] if row and row[0] else 0

    def close(self) -> None:
        with self._lock:
            self._close()

    def _connect(self) -> Any:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        # A forked child never uses its parent's connection, nor what it read.
        self._connection, self._commits, self._known = None, None, {}
        pooled = self.engine.raw_connection()
        pooled.detach()
        connection = pooled.dbapi_connection
        if connection is None:  # detached: the pool let go of it, it stays open
            raise RuntimeError("the stamp line's connection is already closed")
        self.engine.dialect.set_isolation_level(connection, "AUTOCOMMIT")
        if self.engine.dialect.name == "sqlite":
            self._commits = WalCommits.open(connection)
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        commits, self._commits, self._known = self._commits, None, {}
        if self._pid != os.getpid():
            return
        if commits is not None:
            commits.close()
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()


def _keys_of(objects: Any) -> set[str]:
    keys: set[str] = set()
    for obj in objects:
        keys.update(FEEDS.get(getattr(obj, "__tablename__", ""), ()))
    return keys


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    keys = _keys_of([*session.new, *dirty, *session.deleted])
    keys |= catalog_stamps.flushed(session, dirty)
    if keys:
        bump(session.connection(), keys)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    keys = set(FEEDS.get(getattr(table, "name", ""), ()))
    keys |= catalog_stamps.executed(state, getattr(table, "name", ""))
    if keys:
        bump(state.session.connection(), keys)


class Answer:
    __slots__ = ("stamp", "valid_until", "body", "etag")

    def __init__(self, stamp: Hashable, valid_until: datetime | None, body: bytes,
                 etag: str) -> None:
        self.stamp, self.valid_until, self.body, self.etag = stamp, valid_until, body, etag


class Answers:
    """Built answers of one process, each valid for one stamp (and until a given instant).

    Derived data, never state: a different stamp, or a scheduled effect coming due, means
    the answer is built again from the database. At most ``size`` answers are kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: int, now: datetime) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is None or answer.stamp != stamp:
                return None
            if answer.valid_until is not None and now >= answer.valid_until:
                return None
            self._items.move_to_end(key)
            return answer

    def put(self, key: Hashable, stamp: int, body: bytes,
            valid_until: datetime | None = None) -> Answer:
        answer = Answer(stamp, valid_until, body, hashlib.sha256(body).hexdigest()[:32])
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return answer

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def answers(name: str, size: int) -> Answers:
    """The current app's kept answers called ``name`` (one store per app and database)."""
    stores: dict[str, Answers] = current_app.extensions.setdefault("client_api_answers", {})
    store = stores.get(name)
    if store is None:
        store = stores.setdefault(name, Answers(size))
    return store


# Registers the hook that moves catalog stamps on bulk writes made past the session.
from backoffice.api import catalog_stamps  # noqa: E402


def _bulk_rows(connection: Any, rows: list[Any], context: dict[str, Any]) -> None:
    keys = catalog_stamps.bulk_keys(rows, context)
    if keys:
        bump(connection, keys)


bulk.on_insert("catalog_messages", _bulk_rows)
