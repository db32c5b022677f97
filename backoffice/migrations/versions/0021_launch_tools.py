"""launch tools: moderation roster and needs, playbook templates and tasks, opportunity candidates, indicators and weights

Revision ID: 0021_launch_tools
Revises: 0017_coordination
Create Date: 2026-12-02 14:39:06.251664
"""
from alembic import op
import sqlalchemy as sa
import backoffice.core.db


revision = '0021_launch_tools'
down_revision = '0017_coordination'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('moderators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('weekly_hours', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('shift_start', sa.Integer(), nullable=False),
    sa.Column('shift_end', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('shift_start >= 0 AND shift_start < 24 AND shift_end > 0 AND shift_end <= 24', name=op.f('ck_moderators_shift_hours')),
    sa.CheckConstraint('weekly_hours >= 0', name=op.f('ck_moderators_hours_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderators'))
    )
    op.create_table('opportunity_weights',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('weight', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_opportunity_weights'))
    )
    op.create_table('playbook_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playbook_templates')),
    sa.UniqueConstraint('key', name=op.f('uq_playbook_templates_key'))
    )
    op.create_table('moderation_needs',
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('load_label', sa.String(length=60), nullable=False),
    sa.Column('expected_load', sa.Integer(), nullable=False),
    sa.Column('hours_per_thousand', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('expected_load >= 0', name=op.f('ck_moderation_needs_load_not_negative')),
    sa.CheckConstraint('hours_per_thousand >= 0', name=op.f('ck_moderation_needs_ratio_not_negative')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_moderation_needs_country_code_countries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('country_code', name=op.f('pk_moderation_needs'))
    )
    op.create_table('opportunity_candidates',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('locales', sa.JSON(), nullable=False),
    sa.Column('similar_to', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('payment_methods', sa.JSON(), nullable=False),
    sa.Column('payment_checked_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('payment_error', sa.String(length=300), nullable=True),
    sa.Column('created_country', sa.String(length=2), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_country'], ['countries.code'], name=op.f('fk_opportunity_candidates_created_country_countries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_opportunity_candidates'))
    )
    op.create_table('playbook_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_playbook_tasks_country_code_countries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_playbook_tasks_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['playbook_templates.id'], name=op.f('fk_playbook_tasks_template_id_playbook_templates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playbook_tasks')),
    sa.UniqueConstraint('country_code', 'template_id', name=op.f('uq_playbook_tasks_country_code_template_id'))
    )
    with op.batch_alter_table('playbook_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_playbook_tasks_country_code'), ['country_code'], unique=False)

    op.create_table('opportunity_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_code', sa.String(length=2), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_code'], ['opportunity_candidates.code'], name=op.f('fk_opportunity_indicators_candidate_code_opportunity_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity_indicators')),
    sa.UniqueConstraint('candidate_code', 'key', name=op.f('uq_opportunity_indicators_candidate_code_key'))
    )
    with op.batch_alter_table('opportunity_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_indicators_candidate_code'), ['candidate_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('opportunity_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_indicators_candidate_code'))

    op.drop_table('opportunity_indicators')
    with op.batch_alter_table('playbook_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_playbook_tasks_country_code'))

    op.drop_table('playbook_tasks')
    op.drop_table('opportunity_candidates')
    op.drop_table('moderation_needs')
    op.drop_table('playbook_templates')
    op.drop_table('opportunity_weights')
    op.drop_table('moderators')
