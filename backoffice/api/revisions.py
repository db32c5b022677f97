"""Bump the client API's revision stamps whenever what it serves changes.

A session listener sees every ORM flush and every DML statement sent through a session,
and gives the stamp of each kind of answer the touched tables feed a new random value, in
the same transaction: the change and the new stamp are committed (or rolled back)
together. Built answers are kept per app (so per database) in ``Answers``.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session

from backoffice.api.models import ContentRevision
from backoffice.core.db import db

COUNTRIES = "countries"
CATALOGS = "catalogs"

# Table name -> the stamps it feeds.
FEEDS: dict[str, tuple[str, ...]] = {
    "countries": (COUNTRIES,),
    "country_locales": (COUNTRIES,),
    "locales": (COUNTRIES, CATALOGS),
    "stage_changes": (COUNTRIES,),
    "payment_change_requests": (COUNTRIES,),
    "payment_connector_countries": (COUNTRIES,),
    "idcheck_policies": (COUNTRIES,),
    "catalogs": (CATALOGS,),
    "catalog_messages": (CATALOGS,),
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


def current(key: str) -> int:
    """The stamp of ``key`` as committed now: one primary-key query.

    With no session open yet, the query goes straight to a pooled DBAPI connection (no
    ORM session, no explicit transaction). A session already open, or bound to one
    connection, may hold changes of its own not committed yet: it is asked instead.
    """
    maker = current_app.extensions["db_sessionmaker"]
    if db.has_session() or not isinstance(maker.kw.get("bind"), Engine):
        return read(db.session.connection(), key)
    # A Core connection from the pool, no ORM session: SQLAlchemy wraps every driver
    # error (a lost database then answers 503 like any other request).
    with db.engine.connect() as connection:
        return read(connection, key)


def _keys_of(objects: Any) -> set[str]:
    keys: set[str] = set()
    for obj in objects:
        keys.update(FEEDS.get(getattr(obj, "__tablename__", ""), ()))
    return keys


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    keys = _keys_of([*session.new, *dirty, *session.deleted])
    if keys:
        bump(session.connection(), keys)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    keys = set(FEEDS.get(getattr(table, "name", ""), ()))
    if keys:
        bump(state.session.connection(), keys)


class Answer:
    __slots__ = ("stamp", "valid_until", "body", "etag")

    def __init__(self, stamp: int, valid_until: datetime | None, body: bytes,
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
    stores = current_app.extensions.setdefault("client_api_answers", {})
    store = stores.get(name)
    if store is None:
        store = stores.setdefault(name, Answers(size))
    return store
