"""Migration 0011: server-side sessions, second factor, token expiry and scopes."""

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine

BEFORE = "0010_content_revisions"
AFTER = "0011_accounts_security"


def _rows(engine, sql: str) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_existing_users_and_tokens_survive_and_tokens_get_an_expiry(new_database_url):
    url = new_database_url()
    config = alembic_config(url)
    command.upgrade(config, BEFORE)
    engine = make_engine(url)
    created = datetime(2026, 1, 1)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, email, password_hash, role, active, created_at, "
            "session_version) VALUES (1, 'a@example.com', 'h', 'translator', true, "
            ":created, 3)"), {"created": created})
        connection.execute(text(
            "INSERT INTO user_locale_scopes (user_id, locale) VALUES (1, 'pl_PL')"))
        connection.execute(text(
            "INSERT INTO api_tokens (user_id, name, token_digest, prefix, created_at) "
            "VALUES (1, 'ci', 'd', 'bo_x', :created)"), {"created": created})
    command.upgrade(config, AFTER)
    # The users table was altered in place: nothing that hangs from it was lost.
    assert _rows(engine, "SELECT email FROM users") == [("a@example.com",)]
    assert _rows(engine, "SELECT locale FROM user_locale_scopes") == [("pl_PL",)]
    ((scope, expires_at),) = _rows(engine, "SELECT scope, expires_at FROM api_tokens")
    assert scope == "all"
    if isinstance(expires_at, str):
        expires_at = datetime.fromisoformat(expires_at)
    expires_at = expires_at.replace(tzinfo=UTC)
    assert abs(expires_at - (datetime.now(UTC) + timedelta(days=90))) < timedelta(hours=1)
    command.downgrade(config, BEFORE)
    assert _rows(engine, "SELECT locale FROM user_locale_scopes") == [("pl_PL",)]
    assert _rows(engine, "SELECT name FROM api_tokens") == [("ci",)]
    engine.dispose()
