"""translation memory: units per target language and their word index; the machine-
translation connector's settings

Revision ID: 0022_memory
Revises: 0021_launch_tools
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import backoffice.catalogs.models
import backoffice.core.db


revision = '0022_memory'
down_revision = '0021_launch_tools'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('memory_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('locale_code', sa.String(length=35), nullable=False),
    sa.Column('domain', sa.String(length=64), nullable=False),
    sa.Column('source_hash', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('translations', backoffice.catalogs.models.JSONList(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('origin_name', sa.String(length=255), nullable=False),
    sa.Column('catalog_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_memory_units_catalog_id_catalogs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['catalog_messages.id'], name=op.f('fk_memory_units_message_id_catalog_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memory_units')),
    sa.UniqueConstraint('message_id', name=op.f('uq_memory_units_message_id'))
    )
    with op.batch_alter_table('memory_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memory_units_catalog_id'), ['catalog_id'], unique=False)
        batch_op.create_index('ix_memory_units_language_hash', ['language', 'source_hash'], unique=False)
        batch_op.create_index('ix_memory_units_language_locale', ['language', 'locale_code'], unique=False)

    op.create_table('memory_tokens',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['memory_units.id'], name=op.f('fk_memory_tokens_unit_id_memory_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'token', name=op.f('pk_memory_tokens'))
    )
    with op.batch_alter_table('memory_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_memory_tokens_language_token', ['language', 'token', 'unit_id'], unique=False)

    op.create_table('machine_translation_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('server_url', sa.String(length=500), nullable=False),
    sa.Column('api_key_encrypted', sa.Text(), nullable=False),
    sa.Column('api_key_hint', sa.String(length=8), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_machine_translation_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_machine_translation_settings'))
    )


def downgrade() -> None:
    op.drop_table('machine_translation_settings')
    with op.batch_alter_table('memory_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_memory_tokens_language_token')
    op.drop_table('memory_tokens')
    with op.batch_alter_table('memory_units', schema=None) as batch_op:
        batch_op.drop_index('ix_memory_units_language_locale')
        batch_op.drop_index('ix_memory_units_language_hash')
        batch_op.drop_index(batch_op.f('ix_memory_units_catalog_id'))
    op.drop_table('memory_units')
