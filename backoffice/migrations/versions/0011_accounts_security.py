"""accounts security: server-side sessions, second factor, token expiry and scopes

Revision ID: 0011_accounts_security
Revises: 0010_content_revisions
Create Date: 2026-11-22

Sessions move server-side (``user_sessions``), so ``users.session_version`` goes.
Tokens gain an expiry and a scope: existing tokens keep all their user's rights and
expire 90 days after this migration, so nothing that uses them breaks today.
"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa
import backoffice.core.db


revision = '0011_accounts_security'
down_revision = '0010_content_revisions'
branch_labels = None
depends_on = None


def _drop_user_column(name: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A batch copy would drop and re-create ``users``; with foreign keys on, SQLite
        # would then delete every row that cascades from it. SQLite 3.35+ drops in place.
        op.execute(f"ALTER TABLE users DROP COLUMN {name}")
    else:
        op.drop_column("users", name)


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.Column('factor_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('confirmed_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('ended_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_user_sessions_token_digest'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', backoffice.core.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', backoffice.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    sa.UniqueConstraint('code_digest', name=op.f('uq_recovery_codes_code_digest'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    # Only added columns: SQLite alters ``users`` in place.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret_enc', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_enrolled_at', backoffice.core.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    _drop_user_column('session_version')

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', backoffice.core.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('scope', sa.String(length=16), server_default='all', nullable=False))
    tokens = sa.table('api_tokens', sa.column('expires_at', backoffice.core.db.UTCDateTime()))
    op.execute(tokens.update().values(expires_at=datetime.now(UTC) + timedelta(days=90)))
    # Nothing references api_tokens, so SQLite's copy of the table is safe here.
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=backoffice.core.db.UTCDateTime(), nullable=False)
        batch_op.alter_column('scope', existing_type=sa.String(length=16), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('scope')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    for name in ('totp_last_step', 'totp_enrolled_at', 'totp_secret_enc'):
        _drop_user_column(name)

    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))
    op.drop_table('recovery_codes')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
