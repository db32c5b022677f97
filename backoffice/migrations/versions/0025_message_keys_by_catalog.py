"""message keys indexed by catalog: (catalog_id, source_key) and (catalog_id, near_key)

The two keys were indexed on their own, across every catalog: a new catalog's keys (a
digest, and a text's first words) then land all over two large B-trees, and at 40 catalogs
of 20,000 messages that was two fifths of an import. Every lookup by key names its
catalogs, so the catalog leads: a new catalog's keys go into a region of their own.

Revision ID: 0025_message_keys_by_catalog
Revises: 0024_message_search
Create Date: 2026-12-03
"""
from alembic import op

revision = '0025_message_keys_by_catalog'
down_revision = '0024_message_search'
branch_labels = None
depends_on = None


# Plain index statements, not a batch: on SQLite a batch could copy the table, and the
# search index's triggers (migration 0024) would go with the old one.
def upgrade() -> None:
    op.drop_index('ix_catalog_messages_source_key', table_name='catalog_messages')
    op.drop_index('ix_catalog_messages_near_key', table_name='catalog_messages')
    op.create_index('ix_catalog_messages_catalog_source_key', 'catalog_messages',
                    ['catalog_id', 'source_key'], unique=False)
    op.create_index('ix_catalog_messages_catalog_near_key', 'catalog_messages',
                    ['catalog_id', 'near_key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_catalog_messages_catalog_near_key', table_name='catalog_messages')
    op.drop_index('ix_catalog_messages_catalog_source_key', table_name='catalog_messages')
    op.create_index('ix_catalog_messages_near_key', 'catalog_messages', ['near_key'],
                    unique=False)
    op.create_index('ix_catalog_messages_source_key', 'catalog_messages', ['source_key'],
                    unique=False)
