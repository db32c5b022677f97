"""Migration 0014_country_state: a stored payments_live country becomes live with payment
on, a country paused from payments_live keeps payment on, and approved switch-ons still to
come join the country's state log."""

from datetime import datetime, timedelta

from sqlalchemy import text

from tests.support.fixture_types import NewDatabaseUrl
from tests.support.migrations import MigratedDatabase

BEFORE = "0011_accounts_security"
AFTER = "0014_country_state"


def test_stages_split_into_the_launch_stage_and_payment(new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    database = MigratedDatabase(url, BEFORE)
    engine = database.engine
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
    database.upgrade(AFTER)
    assert sorted(database.rows("SELECT code, stage, payment FROM countries")) == [
        ("ES", "live", "off"), ("FR", "live", "on"), ("IT", "paused", "on"),
        ("RU", "paused", "off")]
    assert database.rows("SELECT country_code, kind, from_stage, to_stage, status FROM "
                         "stage_changes WHERE kind = 'payment'") == [
        ("ES", "payment", "off", "on", "scheduled")]
    # Nothing that hangs from a country was lost on the way (no table rebuilt under it).
    assert database.rows("SELECT country_code, locale_code FROM country_locales") == [
        ("ES", "es_ES")]
    assert len(database.rows("SELECT id FROM payment_change_requests")) == 1
    database.downgrade(BEFORE)
    assert len(database.rows("SELECT id FROM payment_change_requests")) == 1
    assert sorted(database.rows("SELECT code, stage FROM countries")) == [
        ("ES", "live"), ("FR", "payments_live"), ("IT", "paused"), ("RU", "paused")]
    database.close()
