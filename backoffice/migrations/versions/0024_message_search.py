"""message search index: a trigram index over catalog_messages.search_text

SQLite: an FTS5 external-content table with the trigram tokenizer, kept in step with
catalog_messages by triggers. PostgreSQL: a pg_trgm GIN index, which serves the editor's
LIKE '%...%' search directly.

Revision ID: 0024_message_search
Revises: 0023_workspace
Create Date: 2026-12-02
"""
from alembic import op

revision = '0024_message_search'
down_revision = '0023_workspace'
branch_labels = None
depends_on = None


SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalog_messages_search USING fts5("
    "search_text, content='catalog_messages', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER catalog_messages_search_ai AFTER INSERT ON catalog_messages BEGIN "
    "INSERT INTO catalog_messages_search(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalog_messages_search_ad AFTER DELETE ON catalog_messages BEGIN "
    "INSERT INTO catalog_messages_search(catalog_messages_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalog_messages_search_au AFTER UPDATE OF search_text "
    "ON catalog_messages BEGIN "
    "INSERT INTO catalog_messages_search(catalog_messages_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO catalog_messages_search(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "INSERT INTO catalog_messages_search(catalog_messages_search) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalog_messages_search_au",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ad",
    "DROP TRIGGER IF EXISTS catalog_messages_search_ai",
    "DROP TABLE IF EXISTS catalog_messages_search",
]

POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_catalog_messages_search_trgm ON catalog_messages "
    "USING gin (search_text gin_trgm_ops)",
]

POSTGRESQL_DOWN = ["DROP INDEX IF EXISTS ix_catalog_messages_search_trgm"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN}.get(dialect, []):
        op.execute(statement)
