"""``backoffice payments apply-due`` persists scheduled switches once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.payments import changes
from tests.conftest import migrate
from tests.factories import CountryFactory, UserFactory
from tests.support.fixture_types import MakeApp, NewDatabaseUrl
from tests.support.state import approved_switch_on, shown_stage


def test_apply_due_switches_a_scheduled_country_once(
        new_database_url: NewDatabaseUrl, make_app: MakeApp) -> None:
    url = new_database_url()
    migrate(url)
    app = make_app(url)
    with app.app_context():
        requester = UserFactory(role="finance", email="r@example.com")
        country = CountryFactory(code="FR", stage="live", currency="EUR",
                                 timezone="Europe/Paris", locales=())
        # An approved change whose time has just come (approved earlier, gates held then).
        approved_switch_on(db.session, "FR", datetime.now(UTC) - timedelta(minutes=1), requester)
        db.session.commit()
        assert changes.effective_payment_state(country).enabled
        assert shown_stage(country) == "payments_live"  # readers see it at once
        assert country.recorded_payment == "off"  # not written down yet

    runner = app.test_cli_runner()
    result = runner.invoke(args=["payments", "apply-due"])
    assert result.exit_code == 0, result.output
    assert "FR: online payment switched on" in result.output
    result = runner.invoke(args=["payments", "apply-due"])
    assert "0 change(s) applied." in result.output
    with app.app_context():
        country = db.session.get(Country, "FR")
        assert shown_stage(country) == "payments_live" and country.recorded_payment == "on"
