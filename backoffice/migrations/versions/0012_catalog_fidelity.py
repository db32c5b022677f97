"""catalog fidelity: what a catalog was imported from

Revision ID: 0012_catalog_fidelity
Revises: 0014_country_state
Create Date: 2026-12-02 00:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_catalog_fidelity'
down_revision = '0014_country_state'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('source_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_entries', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.drop_column('source_entries')
        batch_op.drop_column('source_size')
        batch_op.drop_column('source_sha256')
