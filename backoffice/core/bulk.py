"""Insert many rows of one table with the driver's own ``executemany``, or ``COPY``.

SQLAlchemy's ``execute(insert(table), rows)`` builds every row's parameters in Python,
column by column, with its generic per-value hooks: at 20,000 catalog messages of 23
columns that is a third of an import. Here the statement is compiled once per table and
dialect, each column's bind processor is looked up once, and rows become plain tuples
(or dicts, for drivers with named parameters) in one pass. The statement still goes
through the session's connection, in its transaction, with its events.

On SQLite each statement also runs the table's triggers as one more program (the search
index's, migration 0024), so there rows go as multi-row ``INSERT ... VALUES (..), (..)``
statements of up to ``ROWS_PER_STATEMENT`` rows: a 20,000-message import is then 20
statements instead of 20,000 executions (the driver's ``executemany`` steps each row).
On PostgreSQL (psycopg) each batch goes as one ``COPY ... FROM STDIN`` stream, on the same
connection and in the same transaction; it passes no cursor event (the listeners below
still run before each batch).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import FromClause, Table, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

ROWS_PER_STATEMENT = 1000
# SQLite's compile-time default limit on bound parameters (SQLITE_MAX_VARIABLE_NUMBER) is
# 32,766 since 3.32; the rows of one statement stay under it.
_SQLITE_MAX_PARAMETERS = 32766


class _Writer:
    def __init__(self, table: Table, columns: tuple[str, ...], dialect: Dialect) -> None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = compiled.string
        self.positional = compiled.positional
        # The statement also takes the columns the rows leave out that have a default.
        self.names = tuple(compiled.positiontup or ()) if self.positional else tuple(
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
        self.rows_per_statement = 1
        self.copy_sql: str | None = None
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            quote = dialect.identifier_preparer
            columns_sql = ", ".join(quote.quote(table.c[name].name) for name in self.names)
            self.copy_sql = f"COPY {quote.format_table(table)} ({columns_sql}) FROM STDIN"
        if dialect.name == "sqlite" and self.positional:
            head, values = self.sql.rsplit(" VALUES ", 1)
            if values.strip() == "(" + ", ".join("?" * len(self.names)) + ")":
                self.rows_per_statement = max(
                    1, min(ROWS_PER_STATEMENT, _SQLITE_MAX_PARAMETERS // len(self.names)))
                self.head, self.values_group = head, values.strip()

    def multi_row_sql(self, rows: int) -> str:
        """One statement inserting ``rows`` rows (SQLite only, see the module's notes)."""
        return f"{self.head} VALUES " + ", ".join([self.values_group] * rows)

    def parameters(self, rows: list[Mapping[str, Any]]) -> list[Any]:
        """The rows as the driver takes them, converted column by column."""
        params = self.tuples(rows)
        if self.positional:
            return params
        return [dict(zip(self.names, values, strict=True)) for values in params]

    def tuples(self, rows: list[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows' values in the order of ``names``, converted column by column."""
        given = dict(zip(self.given, zip(*map(self.values, rows), strict=True), strict=True))
        columns: list[Sequence[Any]] = []
        for name in self.names:
            values = given[name] if name in given else [_default(self.defaults[name])] * len(rows)
            process = self.processors.get(name)
            columns.append(values if process is None else _converted(values, process))
        return list(zip(*columns, strict=True))


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


def insert_rows(connection: Connection, table: FromClause,
                rows: Iterable[Mapping[str, Any]], *, chunk: int = 2000) -> None:
    """Insert ``rows`` (dicts with the same keys, one per column given a value) into
    ``table`` (a model's ``__table__``, typed as any FROM clause)."""
    if not isinstance(table, Table):
        raise TypeError(f"bulk inserts go into a table, not {table!r}")
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
    if writer.copy_sql is not None:
        _copy(connection, writer.copy_sql, writer.tuples(batch))
        return
    params = writer.parameters(batch)
    step = writer.rows_per_statement
    if step == 1:
        connection.exec_driver_sql(writer.sql, params)
        return
    full = len(params) - len(params) % step
    if full:
        sql = writer.multi_row_sql(step)
        connection.exec_driver_sql(sql, [
            tuple(value for row in params[start:start + step] for value in row)
            for start in range(0, full, step)])
    if full < len(params):
        rest = params[full:]
        connection.exec_driver_sql(writer.multi_row_sql(len(rest)),
                                   tuple(value for row in rest for value in row))


def _copy(connection: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """The rows through PostgreSQL's ``COPY ... FROM STDIN`` on the session's connection,
    in its transaction: one stream instead of one INSERT per row (psycopg's executemany
    sends each row as a statement of its own). Measured on 20,000 catalog messages: the
    INSERTs took 0.7-1.0 s, the streams 0.4-0.5 s, most of it the server writing the
    table's indexes. Its errors are raised as SQLAlchemy's, as an INSERT's are."""
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the session's connection is closed")
    error_class = connection.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except error_class as error:
        raise DBAPIError.instance(sql, None, error, error_class) from error
