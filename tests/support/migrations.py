"""A database migrated to a given revision, to test one migration on rows it must keep."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine


class MigratedDatabase:
    """A new database at ``revision``: ``upgrade``/``downgrade`` move it, ``rows`` reads."""

    def __init__(self, url: str, revision: str) -> None:
        self.config: Config = alembic_config(url)
        command.upgrade(self.config, revision)
        self.engine: Engine = make_engine(url)

    def upgrade(self, revision: str) -> None:
        command.upgrade(self.config, revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(self.config, revision)

    def rows(self, sql: str) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(text(sql)))

    def close(self) -> None:
        self.engine.dispose()
