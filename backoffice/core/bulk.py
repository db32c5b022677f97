"""Insert many rows of one table with the driver's own ``executemany``.

SQLAlchemy's ``execute(insert(table), rows)`` builds every row's parameters in Python,
column by column, with its generic per-value hooks: at 20,000 catalog messages of 23
columns that is a third of an import. Here the statement is compiled once per table and
dialect, each column's bind processor is looked up once, and rows become plain tuples
(or dicts, for drivers with named parameters) in one pass. The statement still goes
through the session's connection, in its transaction, with its events.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection, Dialect


class _Writer:
    def __init__(self, table: Table, columns: tuple[str, ...], dialect: Dialect) -> None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = compiled.string
        self.positional = compiled.positional
        # The statement also takes the columns the rows leave out that have a default.
        self.names = tuple(compiled.positiontup) if self.positional else tuple(
            compiled.bind_names.values())
        self.given = columns
        getter = operator.itemgetter(*columns)
        self.values = getter if len(columns) > 1 else lambda row: (getter(row),)
        self.defaults = {name: table.c[name].default for name in self.names
                         if name not in columns}
        self.processors = {
            name: process for name in self.names
            if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        }

    def parameters(self, rows: list[Mapping[str, Any]]) -> list[Any]:
        """The rows as the driver takes them, converted column by column."""
        given = dict(zip(self.given, zip(*map(self.values, rows), strict=True), strict=True))
        columns: list[Sequence[Any]] = []
        for name in self.names:
            values = given[name] if name in given else [_default(self.defaults[name])] * len(rows)
            process = self.processors.get(name)
            columns.append(values if process is None else _converted(values, process))
        params = list(zip(*columns, strict=True))
        if self.positional:
            return params
        return [dict(zip(self.names, values, strict=True)) for values in params]


def _default(default: Any) -> Any:
    """A column default's value, as SQLAlchemy's insert would take it (once per call)."""
    if default.is_callable:
        return default.arg(None)
    return default.arg


def _converted(values: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    # Rows often share one object (a timestamp, True, False): convert it once.
    out: list[Any] = []
    last_in: Any = _NOTHING
    last_out: Any = None
    for value in values:
        if value is not last_in:
            last_in, last_out = value, process(value)
        out.append(last_out)
    return out


_NOTHING = object()


@functools.lru_cache(maxsize=16)
def _writer(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Writer:
    return _Writer(table, columns, dialect)


Listener = Callable[[Connection, list[Mapping[str, Any]], dict[str, Any]], None]
_LISTENERS: dict[str, list[Listener]] = {}


def on_insert(table_name: str, listener: Listener) -> None:
    """Call ``listener(connection, rows, context)`` before each batch written to
    ``table_name``: these writes go straight to the driver, past the session's events.
    ``context`` is one dict per ``insert_rows`` call (to act once per call)."""
    if listener not in _LISTENERS.setdefault(table_name, []):
        _LISTENERS[table_name].append(listener)


def insert_rows(connection: Connection, table: Table, rows: Iterable[Mapping[str, Any]],
                *, chunk: int = 2000) -> None:
    """Insert ``rows`` (dicts with the same keys, one per column given a value)."""
    batch: list[Mapping[str, Any]] = []
    writer: _Writer | None = None
    context: dict[str, Any] = {}
    for row in rows:
        if writer is None:
            writer = _writer(table, tuple(row), connection.dialect)
        batch.append(row)
        if len(batch) >= chunk:
            _send(connection, table, writer, batch, context)
            batch = []
    if batch and writer is not None:
        _send(connection, table, writer, batch, context)


def _send(connection: Connection, table: Table, writer: _Writer,
          batch: list[Mapping[str, Any]], context: dict[str, Any]) -> None:
    for listener in _LISTENERS.get(table.name, ()):
        listener(connection, batch, context)
    connection.exec_driver_sql(writer.sql, writer.parameters(batch))
