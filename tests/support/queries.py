"""Count the SQL statements an engine sends while a block runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext

# The test fixtures wrap each test in a transaction with savepoints; these are theirs.
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")


class QueryCounter:
    """Statements sent to the database while active (``before_cursor_execute``).

    Statements starting with one of ``skip`` (case-insensitive) are not counted.
    """

    def __init__(self, engine: Any, *, skip: tuple[str, ...] = TRANSACTION_CONTROL) -> None:
        self.engine = engine
        self.skip = skip
        self.statements: list[str] = []

    def __enter__(self) -> QueryCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, conn: Connection, cursor: DBAPICursor, statement: str, parameters: object,
               context: ExecutionContext | None, executemany: bool) -> None:
        if not (self.skip and statement.lstrip().upper().startswith(self.skip)):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)
