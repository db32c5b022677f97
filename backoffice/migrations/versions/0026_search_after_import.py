"""message search index filled after an import: catalog_messages.search_pending

A new catalog's rows are written with ``search_pending`` set and enter the search index
in the background (the task ``catalogs.index_search``), so an upload no longer waits for
the index. On SQLite the triggers of migration 0024 skip pending rows, and clearing the
flag indexes a row; on PostgreSQL the pg_trgm index becomes partial (pending rows are
left out). A partial index on (catalog_id) finds a catalog's pending rows.

Revision ID: 0026_search_after_import
Revises: 0025_message_keys_by_catalog
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa

revision = '0026_search_after_import'
down_revision = '0025_message_keys_by_catalog'
branch_labels = None
depends_on = None

_SEARCH = "catalog_messages_search"

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS catalog_messages_search_au",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ad",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ai",
    f"CREATE TRIGGER catalog_messages_search_ai AFTER INSERT ON catalog_messages "
    f"WHEN NOT new.search_pending BEGIN "
    f"INSERT INTO {_SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER catalog_messages_search_ad AFTER DELETE ON catalog_messages "
    f"WHEN NOT old.search_pending BEGIN "
    f"INSERT INTO {_SEARCH}({_SEARCH}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); END",
    # One trigger for a new text and for a row leaving the pending state: what was indexed
    # goes, what is now indexable comes.
    f"CREATE TRIGGER catalog_messages_search_au AFTER UPDATE OF search_text, search_pending "
    f"ON catalog_messages BEGIN "
    f"INSERT INTO {_SEARCH}({_SEARCH}, rowid, search_text) "
    f"SELECT 'delete', old.id, old.search_text WHERE NOT old.search_pending; "
    f"INSERT INTO {_SEARCH}(rowid, search_text) "
    f"SELECT new.id, new.search_text WHERE NOT new.search_pending; END",
]

SQLITE_TRIGGERS_0024 = [
    "DROP TRIGGER IF EXISTS catalog_messages_search_au",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ad",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ai",
    f"CREATE TRIGGER catalog_messages_search_ai AFTER INSERT ON catalog_messages BEGIN "
    f"INSERT INTO {_SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER catalog_messages_search_ad AFTER DELETE ON catalog_messages BEGIN "
    f"INSERT INTO {_SEARCH}({_SEARCH}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER catalog_messages_search_au AFTER UPDATE OF search_text "
    f"ON catalog_messages BEGIN "
    f"INSERT INTO {_SEARCH}({_SEARCH}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {_SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # Plain statements, not a batch: on SQLite a batch could copy the table, and the
    # triggers would go with the old one.
    op.add_column('catalog_messages', sa.Column(
        'search_pending', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index('ix_catalog_messages_search_pending', 'catalog_messages', ['catalog_id'],
                    unique=False, sqlite_where=sa.text('search_pending = 1'),
                    postgresql_where=sa.text('search_pending'))
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_catalog_messages_search_trgm")
        op.execute("CREATE INDEX ix_catalog_messages_search_trgm ON catalog_messages "
                   "USING gin (search_text gin_trgm_ops) WHERE NOT search_pending")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Pending rows enter the index first: the triggers of 0024 expect every row in it.
        op.execute(f"INSERT INTO {_SEARCH}(rowid, search_text) "
                   "SELECT id, search_text FROM catalog_messages WHERE search_pending")
        for statement in SQLITE_TRIGGERS_0024:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_catalog_messages_search_trgm")
        op.execute("CREATE INDEX ix_catalog_messages_search_trgm ON catalog_messages "
                   "USING gin (search_text gin_trgm_ops)")
    op.drop_index('ix_catalog_messages_search_pending', table_name='catalog_messages')
    op.drop_column('catalog_messages', 'search_pending')
