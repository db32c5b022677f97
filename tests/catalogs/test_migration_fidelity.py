"""Migration 0012_catalog_fidelity: existing catalogs keep working and say they have no
imported file to compare with; new imports record theirs."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import inspect, text

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine
from tests.support.fixture_types import NewDatabaseUrl


def test_upgrade_keeps_catalogs_and_downgrade_drops_the_columns(
        new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    config = alembic_config(url)
    command.upgrade(config, "0010_content_revisions")
    engine = make_engine(url)
    now = datetime(2026, 1, 1, 12, 0)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO locales (code, created_at) VALUES ('pl_PL', :now)"),
                           {"now": now})
        connection.execute(text(
            "INSERT INTO catalogs (domain, locale_code, trailing_text, style, nplurals, "
            "total_count, translated_count, reviewed_count, draft_count, failing_count, "
            "inherited_count, created_at, updated_at) VALUES ('app', 'pl_PL', '', '{}', 3, "
            "0, 0, 0, 0, 0, 0, :now, :now)"), {"now": now})
    command.upgrade(config, "0012_catalog_fidelity")
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT domain, source_sha256, source_size, source_entries FROM catalogs")).one()
    assert tuple(row) == ("app", None, None, None)
    command.downgrade(config, "0010_content_revisions")
    columns = {c["name"] for c in inspect(engine).get_columns("catalogs")}
    assert "source_sha256" not in columns and "domain" in columns
    engine.dispose()
