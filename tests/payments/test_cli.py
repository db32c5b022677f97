"""``backoffice payments apply-due`` persists scheduled switches once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backoffice.accounts import operations as accounts
from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.payments import changes
from backoffice.payments.models import PaymentChangeRequest
from tests.conftest import migrate


def test_apply_due_switches_a_scheduled_country_once(new_database_url, make_app):
    url = new_database_url()
    migrate(url)
    app = make_app(url)
    with app.app_context():
        requester = accounts.create_user("r@example.com", "finance", "a-long-password-123")
        country = Country(code="FR", stage="live", currency="EUR", timezone="Europe/Paris")
        db.session.add(country)
        db.session.flush()
        # An approved change whose time has just come (approved earlier, gates held then).
        db.session.add(PaymentChangeRequest(
            country_code="FR", status="approved", requested_by_id=requester.id,
            effective_at=datetime.now(UTC) - timedelta(minutes=1),
        ))
        db.session.commit()
        assert changes.effective_payment_state(country).enabled
        assert country.stage == "live"

    runner = app.test_cli_runner()
    result = runner.invoke(args=["payments", "apply-due"])
    assert result.exit_code == 0, result.output
    assert "FR: online payment switched on" in result.output
    result = runner.invoke(args=["payments", "apply-due"])
    assert "0 change(s) applied." in result.output
    with app.app_context():
        assert db.session.get(Country, "FR").stage == "payments_live"
