"""Online payment is one half of a country's state, read through the one rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.countries.state import state_of
from backoffice.launch import operations
from backoffice.payments import changes
from tests.support.clock import Clock
from tests.support.fixture_types import MakeCountry, MakeUser


def _local(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_a_due_switch_on_and_a_due_pause_agree(
        db: Session, make_user: MakeUser, ready_country: MakeCountry, client: FlaskClient) -> None:
    """Both fall due before anything is written down: paused, with payment on, everywhere."""
    country = ready_country("FR")
    finance, other = make_user("finance"), make_user("finance")
    now = datetime.now(UTC)
    request = changes.request_payments_on(country, finance, reason="cards",
                                          effective_at=now + timedelta(minutes=30))
    changes.approve_change(request, other)
    operations.move(country, "paused", reason="incident", actor=other,
                    at_local=_local(now + timedelta(minutes=40), "Europe/Paris"))
    db.flush()
    with Clock(now + timedelta(hours=1)):
        state = state_of(country)
        assert (state.stage, state.payment, state.public_stage) == ("paused", "on", "paused")
        assert client.get("/api/v1/countries/FR").status_code == 404
        payment = changes.effective_payment_state(country)
        assert (payment.enabled, payment.payment) == (False, "on")
