"""0017 adds the coordination tables and a country to each webhook event, keeping the
events already stored; going back removes them again."""

from alembic import command
from sqlalchemy import inspect, text

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine
from tests.support.fixture_types import NewDatabaseUrl


def test_0017_keeps_stored_webhook_events(new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    config = alembic_config(url)
    command.upgrade(config, "0012_catalog_fidelity")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO adyen_webhook_events (psp_reference, event_code, "
            "merchant_account_code, success, received_at, raw) VALUES "
            "('P1', 'AUTHORISATION', 'M', true, '2026-11-21 10:00:00', '{}')"))
    command.upgrade(config, "0017_coordination")
    tables = set(inspect(engine).get_table_names())
    assert {"task_runs", "notifications", "notification_preferences", "watch_marks",
            "country_targets", "locale_targets", "payment_watch_policies",
            "payment_watch_alerts"} <= tables
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT psp_reference, country_code FROM adyen_webhook_events")).all() == [
            ("P1", None)]
    command.downgrade(config, "0012_catalog_fidelity")
    engine.dispose()
    engine = make_engine(url)
    assert "notifications" not in set(inspect(engine).get_table_names())
    columns = {c["name"] for c in inspect(engine).get_columns("adyen_webhook_events")}
    assert "country_code" not in columns
    engine.dispose()
