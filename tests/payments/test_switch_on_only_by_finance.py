"""Only a change request approved by finance ever turns online payment on.

Closes the class of a launch manager (or any stage move) switching payment back on: a
pause keeps payment's state and a resume goes through the gates into live; finance's
kill works in every stage and cancels whatever would turn payment on later.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from backoffice.core.errors import ConflictError, OperationError
from backoffice.countries.models import Country
from backoffice.countries.state import state_of
from backoffice.launch import operations
from backoffice.payments import changes
from tests.support.clock import Clock
from tests.support.fixture_types import MakeCountry, MakeUser, Translate


@pytest.fixture
def paying(
        db: Session, make_user: MakeUser, ready_country: MakeCountry,
        translate: Translate) -> Country:
    """France live with online payment on, approved by a second finance user."""
    country = ready_country("FR")
    translate("fr_FR")
    request = changes.request_payments_on(country, make_user("finance"), reason="cards")
    changes.approve_change(request, make_user("finance"))
    assert state_of(country).public_stage == "payments_live"
    return country


@pytest.mark.parametrize("stage", ["planned", "translating", "live", "paused"])
def test_no_stage_move_reaches_payments_live(
        db: Session, make_country: MakeCountry, stage: str) -> None:
    country = make_country("FR", stage=stage)
    with pytest.raises(OperationError, match="approved by finance"):
        operations.move(country, "payments_live", reason="back on")
    assert state_of(country).payment == "off"


def test_pause_keeps_payment_and_resume_is_gated(
        db: Session, paying: Country, make_user: MakeUser) -> None:
    manager = make_user("launch_manager")
    operations.move(paying, "paused", reason="incident", actor=manager)
    assert state_of(paying).public_stage == "paused"
    # A template push while paused: the gates into live fail, so the resume is refused.
    from backoffice.catalogs.models import Catalog

    db.query(Catalog).update({Catalog.total_count: Catalog.total_count + 5})
    db.expire_all()
    with pytest.raises(operations.TransitionRefused, match="fr_FR app"):
        operations.move(paying, "live", reason="resume", actor=manager)
    assert state_of(paying).public_stage == "paused"


def test_kill_works_while_paused_and_the_resume_lands_in_live(
        db: Session, paying: Country, make_user: MakeUser) -> None:
    operations.move(paying, "paused", reason="incident")
    changes.kill_payments(paying, make_user("finance"), reason="fraud while paused")
    assert (state_of(paying).stage, state_of(paying).payment) == ("paused", "killed")
    operations.move(paying, "live", reason="resume")
    assert state_of(paying).public_stage == "live"
    assert not changes.effective_payment_state(paying).enabled


def test_the_connector_stays_while_payment_is_on_even_paused(db: Session, paying: Country) -> None:
    from backoffice.payments import operations as payments

    operations.move(paying, "paused", reason="incident")
    link = payments.served_country("FR")
    with pytest.raises(OperationError, match="kill switch"):
        payments.save_connector(payments.ConnectorInput(
            name=link.connector.name, platform="test",
            merchant_account=link.connector.merchant_account, countries=()),
            link.connector)


def test_a_pause_scheduled_before_a_kill_does_not_bring_payment_back(
        db: Session, paying: Country, make_user: MakeUser) -> None:
    at = (datetime.now(UTC) + timedelta(hours=1)).astimezone(ZoneInfo("Europe/Paris"))
    pause = operations.move(paying, "paused", reason="maintenance",
                            at_local=at.strftime("%Y-%m-%dT%H:%M"))
    changes.kill_payments(paying, make_user("finance"), reason="chargebacks")
    with Clock(pause.effective_at + timedelta(minutes=1)):
        assert (state_of(paying).stage, state_of(paying).payment) == ("paused", "killed")
        operations.move(paying, "live", reason="maintenance over")
        assert state_of(paying).public_stage == "live"


def test_kill_cancels_every_pending_or_scheduled_switch_on(
        db: Session, ready_country: MakeCountry, make_user: MakeUser) -> None:
    country = ready_country("FR")
    pending = changes.request_payments_on(country, make_user("finance"), reason="cards")
    changes.kill_payments(country, make_user("finance"), reason="not now")
    assert pending.status == "cancelled"
    later = datetime.now(UTC) + timedelta(hours=2)
    scheduled = changes.request_payments_on(country, make_user("finance"), reason="cards",
                                            effective_at=later)
    changes.approve_change(scheduled, make_user("finance"))
    changes.kill_payments(country, make_user("admin"), reason="postponed")
    assert scheduled.status == "cancelled"
    with Clock(later + timedelta(minutes=1)):
        assert state_of(country).payment == "off"


def test_a_country_with_payment_on_does_not_leave_the_launch(db: Session, paying: Country) -> None:
    with pytest.raises(ConflictError, match="kill switch"):
        operations.move(paying, "translating", reason="redo the copy")
    assert state_of(paying).public_stage == "payments_live"
