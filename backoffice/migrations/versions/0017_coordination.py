"""launch coordination: background task runs, notifications and their preferences, the
watchers' marks, target dates, the payment watch, and the country of each webhook event

Revision ID: 0017_coordination
Revises: 0012_catalog_fidelity
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import backoffice.core.db


revision = '0017_coordination'
down_revision = '0012_catalog_fidelity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('task_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('arguments', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('started_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_runs')),
    sa.UniqueConstraint('task_id', name=op.f('uq_task_runs_task_id'))
    )
    with op.batch_alter_table('task_runs', schema=None) as batch_op:
        batch_op.create_index('ix_task_runs_status_updated', ['status', 'updated_at'], unique=False)

    op.create_table('watch_marks',
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('subject', name=op.f('pk_watch_marks'))
    )
    op.create_table('locale_targets',
    sa.Column('locale_code', sa.String(length=16), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['locale_code'], ['locales.code'], name=op.f('fk_locale_targets_locale_code_locales'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_locale_targets_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('locale_code', name=op.f('pk_locale_targets'))
    )
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('delivery', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('read_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('mail_status', sa.String(length=8), nullable=False),
    sa.Column('mailed_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_notifications_user_id_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_mail_status', ['mail_status'], unique=False)
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read_at'], unique=False)

    op.create_table('country_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_country_targets_country_code_countries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_country_targets_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_country_targets')),
    sa.UniqueConstraint('country_code', 'stage', name=op.f('uq_country_targets_country_code_stage'))
    )
    with op.batch_alter_table('country_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_targets_country_code'), ['country_code'], unique=False)

    op.create_table('payment_watch_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('opened_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('closed_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('successes', sa.Integer(), nullable=False),
    sa.Column('volume', sa.Integer(), nullable=False),
    sa.Column('threshold_percent', sa.Integer(), nullable=False),
    sa.Column('window_minutes', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_payment_watch_alerts_country_code_countries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_watch_alerts'))
    )
    with op.batch_alter_table('payment_watch_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_payment_watch_alerts_country_time', ['country_code', 'opened_at'], unique=False)

    op.create_table('payment_watch_policies',
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('threshold_percent', sa.Integer(), nullable=False),
    sa.Column('min_volume', sa.Integer(), nullable=False),
    sa.Column('window_minutes', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('updated_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_payment_watch_policies_country_code_countries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('country_code', name=op.f('pk_payment_watch_policies'))
    )
    with op.batch_alter_table('adyen_webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country_code', sa.String(length=2), nullable=True))
        batch_op.create_index('ix_adyen_webhook_events_country_time', ['country_code', 'received_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('adyen_webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_adyen_webhook_events_country_time')
        batch_op.drop_column('country_code')

    op.drop_table('payment_watch_policies')
    with op.batch_alter_table('payment_watch_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_watch_alerts_country_time')

    op.drop_table('payment_watch_alerts')
    with op.batch_alter_table('country_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_targets_country_code'))

    op.drop_table('country_targets')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_read')
        batch_op.drop_index('ix_notifications_mail_status')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
    op.drop_table('locale_targets')
    op.drop_table('watch_marks')
    with op.batch_alter_table('task_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_task_runs_status_updated')

    op.drop_table('task_runs')
