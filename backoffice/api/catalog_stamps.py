"""Which catalogs a write touches, so that each catalog's own stamp moves with it.

``backoffice.api.revisions`` calls these from its session listeners: ORM flushes (the
objects say their catalog), DML statements sent through a session (the catalog comes from
the statement's criteria or rows, else from the rows the criteria match, read first in
the same transaction), and rows written straight on the driver by
``backoffice.core.bulk`` (a hook registered here). A write whose catalogs cannot be told
moves the ``catalogs`` stamp instead, which every catalog answer depends on: never too
little is invalidated, only sometimes too much.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Delete, Update, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from backoffice.api.stamp_keys import CATALOGS, catalog_key

# Table -> the column that names the catalog a row belongs to.
CATALOG_COLUMNS = {"catalogs": "id", "catalog_messages": "catalog_id"}
STRUCTURAL = ("domain", "locale_code")  # a catalog that changes these is another catalog


def _keys(ids: Iterable[Any]) -> set[str]:
    keys: set[str] = set()
    for value in ids:
        keys.add(catalog_key(value) if isinstance(value, int) else CATALOGS)
    return keys


def flushed(session: Session, dirty: list[Any]) -> set[str]:
    """The stamps an ORM flush of these objects moves."""
    from backoffice.catalogs.models import Catalog, Message

    keys: set[str] = set()
    for obj in session.new:
        if isinstance(obj, Catalog):
            keys.add(CATALOGS)  # a new catalog: which catalogs exist changed
        elif isinstance(obj, Message):
            keys |= _keys([obj.catalog_id])
    for obj in dirty:
        if isinstance(obj, Catalog):
            keys |= _keys([obj.id])
            state = obj.__dict__.get("_sa_instance_state")
            if state is not None and any(
                    state.attrs[name].history.has_changes() for name in STRUCTURAL):
                keys.add(CATALOGS)
        elif isinstance(obj, Message):
            history = obj.__dict__["_sa_instance_state"].attrs["catalog_id"].history
            keys |= _keys([obj.catalog_id, *history.deleted])
    for obj in session.deleted:
        if isinstance(obj, Catalog):
            keys |= {CATALOGS, *_keys([obj.id])}
        elif isinstance(obj, Message):
            keys |= _keys([obj.catalog_id])
    return keys


def executed(state: ORMExecuteState, table_name: str) -> set[str]:
    """The stamps an INSERT, UPDATE or DELETE sent through a session moves."""
    column_name = CATALOG_COLUMNS.get(table_name)
    if column_name is None:
        return set()
    statement = state.statement
    if state.is_insert:
        if table_name == "catalogs":
            return {CATALOGS}
        ids = _inserted(state.parameters, statement, column_name)
    else:
        changing = cast("Update | Delete", statement)  # not an insert: an UPDATE or a DELETE
        table = changing.table
        ids = _from_criteria(changing.whereclause, table, column_name)
        if ids is None:
            ids = _matching(state.session.connection(), statement, table, column_name)
        if table_name == "catalogs" and _changes_structure(statement):
            return {CATALOGS, *_keys(ids or [])}
    return _keys(ids) if ids is not None else {CATALOGS}


def _inserted(parameters: Any, statement: Any, column: str) -> set[Any] | None:
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    found: set[Any] = set()
    for row in rows:
        if not isinstance(row, Mapping) or column not in row:
            values = getattr(statement, "_values", None) or {}
            for key, value in values.items():
                if getattr(key, "key", key) == column and isinstance(value, BindParameter):
                    found.add(value.effective_value)
                    break
            else:
                return None
            continue
        found.add(row[column])
    return found


def _from_criteria(where: Any, table: Any, column: str) -> set[Any] | None:
    """The ids an AND of criteria pins the column to (``= x`` or ``IN (...)``), if any."""
    if where is None:
        return None
    if isinstance(where, BooleanClauseList) and where.operator is operators.and_:
        clauses = list(where.clauses)
    else:
        clauses = [where]
    for clause in clauses:
        if not isinstance(clause, BinaryExpression):
            continue
        left, right = clause.left, clause.right
        if getattr(left, "name", None) != column or getattr(left, "table", None) is not table:
            continue
        if not isinstance(right, BindParameter):
            continue
        value = right.effective_value
        if clause.operator is operators.eq:
            return {value}
        if clause.operator is operators.in_op and isinstance(value, list | tuple):
            return set(value)
    return None


def _matching(connection: Connection, statement: Any, table: Any, column: str) -> set[Any]:
    query = select(table.c[column]).distinct()
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    return set(connection.execute(query).scalars())


def _changes_structure(statement: Any) -> bool:
    values = getattr(statement, "_values", None) or {}
    return any(getattr(key, "key", key) in STRUCTURAL for key in values)


def bulk_keys(rows: list[Mapping[str, Any]], context: dict[str, Any]) -> set[str]:
    """The stamps rows written on the driver (``core.bulk``) move, once per call (nothing
    reads between its batches): ``revisions`` bumps them."""
    done: set[str] = context.setdefault("catalog_stamps", set())
    keys = _keys({row.get("catalog_id") for row in rows}) - done
    done |= keys
    return keys
