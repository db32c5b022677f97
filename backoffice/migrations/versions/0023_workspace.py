"""translation workspace: glossary terms, comment threads and their comments, bulk
operations over catalogs

Revision ID: 0023_workspace
Revises: 0022_memory
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import backoffice.core.db


revision = '0023_workspace'
down_revision = '0022_memory'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('first_word', sa.String(length=200), nullable=False),
    sa.Column('translation', sa.String(length=200), nullable=False),
    sa.Column('part_of_speech', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('do_not_translate', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_glossary_terms_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('language', 'source_key', name=op.f('uq_glossary_terms_language_source_key'))
    )
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.create_index('ix_glossary_terms_language_first', ['language', 'first_word'], unique=False)

    op.create_table('catalog_bulk_operations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('changed_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['catalog_import_batches.id'], name=op.f('fk_catalog_bulk_operations_batch_id_catalog_import_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_bulk_operations')),
    sa.UniqueConstraint('batch_id', name=op.f('uq_catalog_bulk_operations_batch_id'))
    )
    op.create_table('comment_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('locale_code', sa.String(length=16), nullable=False),
    sa.Column('domain', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_comment_threads_created_by_id_users')),
    sa.ForeignKeyConstraint(['message_id'], ['catalog_messages.id'], name=op.f('fk_comment_threads_message_id_catalog_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_comment_threads_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_threads'))
    )
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.create_index('ix_comment_threads_locale_open', ['locale_code', 'resolved_at'], unique=False)
        batch_op.create_index('ix_comment_threads_message', ['message_id', 'resolved_at'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users')),
    sa.ForeignKeyConstraint(['thread_id'], ['comment_threads.id'], name=op.f('fk_comments_thread_id_comment_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_thread_id'), ['thread_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_thread_id'))

    op.drop_table('comments')
    with op.batch_alter_table('comment_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_threads_message')
        batch_op.drop_index('ix_comment_threads_locale_open')

    op.drop_table('comment_threads')
    op.drop_table('catalog_bulk_operations')
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_glossary_terms_language_first')

    op.drop_table('glossary_terms')
