"""Migration 0014_country_state: a stored payments_live country becomes live with payment
on, a country paused from payments_live keeps payment on, and approved switch-ons still to
come join the country's state log."""

from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import text

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine

BEFORE = "0011_accounts_security"
AFTER = "0014_country_state"


def _rows(engine, sql: str) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_stages_split_into_the_launch_stage_and_payment(new_database_url):
    url = new_database_url()
    config = alembic_config(url)
    command.upgrade(config, BEFORE)
    engine = make_engine(url)
    now = datetime(2026, 11, 1, 12, 0)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, email, password_hash, role, active, created_at) "
            "VALUES (1, 'f@example.com', 'h', 'finance', true, :now)"), {"now": now})
        for code, stage in (("FR", "payments_live"), ("IT", "paused"), ("RU", "paused"),
                            ("ES", "live")):
            connection.execute(text(
                "INSERT INTO countries (code, stage, currency, timezone, max_seats_per_ride, "
                "translation_threshold, notes, version, created_at, updated_at) VALUES "
                "(:code, :stage, 'EUR', 'Europe/Paris', 4, 100, '', 1, :now, :now)"),
                {"code": code, "stage": stage, "now": now})
        for code, source in (("IT", "payments_live"), ("RU", "live")):
            connection.execute(text(
                "INSERT INTO stage_changes (country_code, from_stage, to_stage, effective_at, "
                "status, created_at) VALUES (:code, :source, 'paused', :now, 'applied', :now)"),
                {"code": code, "source": source, "now": now})
        connection.execute(text("INSERT INTO locales (code, created_at) VALUES ('es_ES', :now)"),
                           {"now": now})
        connection.execute(text("INSERT INTO country_locales (country_code, locale_code, "
                                "position) VALUES ('ES', 'es_ES', 0)"))
        connection.execute(text(
            "INSERT INTO payment_change_requests (country_code, status, reason, "
            "requested_by_id, requested_at, effective_at, decided_by_id, decided_at) VALUES "
            "('ES', 'approved', 'cards', 1, :now, :later, 1, :now)"),
            {"now": now, "later": now + timedelta(days=1)})
    command.upgrade(config, AFTER)
    assert sorted(_rows(engine, "SELECT code, stage, payment FROM countries")) == [
        ("ES", "live", "off"), ("FR", "live", "on"), ("IT", "paused", "on"),
        ("RU", "paused", "off")]
    assert _rows(engine, "SELECT country_code, kind, from_stage, to_stage, status FROM "
                         "stage_changes WHERE kind = 'payment'") == [
        ("ES", "payment", "off", "on", "scheduled")]
    # Nothing that hangs from a country was lost on the way (no table rebuilt under it).
    assert _rows(engine, "SELECT country_code, locale_code FROM country_locales") == [
        ("ES", "es_ES")]
    assert len(_rows(engine, "SELECT id FROM payment_change_requests")) == 1
    command.downgrade(config, BEFORE)
    assert len(_rows(engine, "SELECT id FROM payment_change_requests")) == 1
    assert sorted(_rows(engine, "SELECT code, stage FROM countries")) == [
        ("ES", "live"), ("FR", "payments_live"), ("IT", "paused"), ("RU", "paused")]
    engine.dispose()
