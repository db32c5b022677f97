"""Migration 0011: server-side sessions, second factor, token expiry and scopes."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.support.fixture_types import NewDatabaseUrl
from tests.support.migrations import MigratedDatabase

BEFORE = "0010_content_revisions"
AFTER = "0011_accounts_security"


def test_existing_users_and_tokens_survive_and_tokens_get_an_expiry(
        new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    database = MigratedDatabase(url, BEFORE)
    engine = database.engine
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
    database.upgrade(AFTER)
    # The users table was altered in place: nothing that hangs from it was lost.
    assert database.rows("SELECT email FROM users") == [("a@example.com",)]
    assert database.rows("SELECT locale FROM user_locale_scopes") == [("pl_PL",)]
    ((scope, expires_at),) = database.rows("SELECT scope, expires_at FROM api_tokens")
    assert scope == "all"
    if isinstance(expires_at, str):
        expires_at = datetime.fromisoformat(expires_at)
    expires_at = expires_at.replace(tzinfo=UTC)
    assert abs(expires_at - (datetime.now(UTC) + timedelta(days=90))) < timedelta(hours=1)
    database.downgrade(BEFORE)
    assert database.rows("SELECT locale FROM user_locale_scopes") == [("pl_PL",)]
    assert database.rows("SELECT name FROM api_tokens") == [("ci",)]
    database.close()
