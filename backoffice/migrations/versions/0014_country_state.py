"""a country's state in two halves: launch stage and online payment

The stored stage ``payments_live`` becomes ``live`` with payment ``on``; a country paused
from ``payments_live`` keeps payment ``on`` (it comes back with it). Approved switch-ons
still to be written down join the country's state log as scheduled payment changes, and
change requests marked ``applied`` are ``approved`` (the effect is in the state log).

Revision ID: 0014_country_state
Revises: 0011_accounts_security
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import backoffice.core.db


revision = '0014_country_state'
down_revision = '0011_accounts_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('countries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment', sa.String(length=8), server_default='off',
                                      nullable=False))
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='stage',
                                      nullable=False))
        batch_op.add_column(sa.Column('payment_request_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', backoffice.core.db.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stage_changes_payment_request_id'),
                              ['payment_request_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_stage_changes_cancelled_by_id_users'),
                                    'users', ['cancelled_by_id'], ['id'])

    op.execute("UPDATE countries SET payment = 'on', stage = 'live' "
               "WHERE stage = 'payments_live'")
    op.execute(
        "UPDATE countries SET payment = 'on' WHERE stage = 'paused' AND ("
        " SELECT s.from_stage FROM stage_changes s WHERE s.country_code = countries.code"
        " AND s.to_stage = 'paused' AND s.status = 'applied'"
        " ORDER BY s.effective_at DESC, s.id DESC LIMIT 1) = 'payments_live'")
    # Scheduled moves name launch stages only.
    op.execute("UPDATE stage_changes SET to_stage = 'live' "
               "WHERE status = 'scheduled' AND to_stage = 'payments_live'")
    op.execute("UPDATE stage_changes SET from_stage = 'live' "
               "WHERE status = 'scheduled' AND from_stage = 'payments_live'")
    # Approved switch-ons still to be written down join the state log.
    op.execute(
        "INSERT INTO stage_changes (country_code, kind, from_stage, to_stage, effective_at,"
        " local_time, status, requested_by_id, payment_request_id, reason, created_at)"
        " SELECT r.country_code, 'payment', 'off', 'on', r.effective_at, r.effective_local,"
        " 'scheduled', r.decided_by_id, r.id, r.reason, r.decided_at"
        " FROM payment_change_requests r"
        " WHERE r.status = 'approved' AND r.effective_at IS NOT NULL")
    op.execute("UPDATE payment_change_requests SET status = 'approved' "
               "WHERE status = 'applied'")

    # SQLite can add a check constraint only by rebuilding the table, and rebuilding
    # ``countries`` would cascade-delete every row that hangs from it (locales, versions,
    # the state log, change requests): there the constraint stays with the model's tables.
    if op.get_bind().dialect.name != 'sqlite':
        op.create_check_constraint(
            op.f('ck_countries_launch_stage'), 'countries',
            "stage IN ('planned', 'translating', 'live', 'paused')")
        op.create_check_constraint(op.f('ck_countries_payment_state'), 'countries',
                                   "payment IN ('off', 'on', 'killed')")


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('ck_countries_launch_stage'), 'countries', type_='check')
        op.drop_constraint(op.f('ck_countries_payment_state'), 'countries', type_='check')
    op.execute("UPDATE countries SET stage = 'payments_live' "
               "WHERE stage = 'live' AND payment = 'on'")
    op.execute("DELETE FROM stage_changes WHERE kind = 'payment'")
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stage_changes_cancelled_by_id_users'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stage_changes_payment_request_id'))
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('payment_request_id')
        batch_op.drop_column('kind')
    # Not through a batch rebuild on SQLite (see the upgrade's note): SQLite 3.35 and later
    # drop a plain column in place.
    op.execute('ALTER TABLE countries DROP COLUMN payment')
