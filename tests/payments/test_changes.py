"""Switching online payment on with four eyes (now or at a local time) and off at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.audit.models import AuditEvent
from backoffice.core.errors import ConflictError, OperationError
from backoffice.countries.models import Country
from backoffice.payments import changes
from backoffice.payments.models import PaymentChangeRequest
from tests.support.fixture_types import MakeConnector, MakeCountry, MakeUser, SignedIn
from tests.support.state import shown_stage


def test_requester_can_never_approve_their_own_request(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    for role in ("finance", "admin"):
        user = make_user(role)
        change = changes.request_payments_on(country, user, reason="ready")
        with pytest.raises(OperationError, match="another finance user must approve"):
            changes.approve_change(change, user)
        assert change.status == "pending" and shown_stage(country) == "live"
        changes.reject_change(change, make_user("finance"), note="next round")


def test_another_finance_user_approves_and_it_applies_at_once(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    requester, approver = make_user("launch_manager"), make_user("finance")
    change = changes.request_payments_on(country, requester, reason="market ready")
    changes.approve_change(change, approver, note="checked")
    assert change.status == "approved" and change.decided_by_id == approver.id
    assert change.applied_at is not None
    assert shown_stage(country) == "payments_live"
    state = changes.effective_payment_state(country)
    assert state.enabled and state.methods == ["scheme", "sepadirectdebit", "paypal"]
    actions = [
        (e.action, e.country_code)
        for e in db.scalars(select(AuditEvent).where(AuditEvent.country_code == "FR")
                            .order_by(AuditEvent.id))
    ]
    assert ("payments.change_requested", "FR") in actions
    assert ("payments.change_approved", "FR") in actions
    assert ("country.stage_changed", "FR") in actions


def test_approval_is_refused_while_gates_fail(
        db: Session, make_user: MakeUser, make_country: MakeCountry,
        make_connector: MakeConnector) -> None:
    country = make_country("FR")
    make_connector()
    change = changes.request_payments_on(country, make_user("finance"), reason="ready")
    with pytest.raises(OperationError) as refused:
        changes.approve_change(change, make_user("finance"))
    message = refused.value.message
    assert "No payment method is enabled for FR in EUR." in message
    assert "No Adyen health check has been run for FR." in message
    assert change.status == "pending" and shown_stage(country) == "live"


def test_only_one_open_request_per_country(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    changes.request_payments_on(country, make_user("finance"), reason="ready")
    with pytest.raises(ConflictError, match="already open"):
        changes.request_payments_on(country, make_user("finance"), reason="ready")


def test_a_decided_request_cannot_be_decided_again(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    change = changes.request_payments_on(country, make_user("finance"), reason="ready")
    changes.reject_change(change, make_user("finance"), note="not yet")
    with pytest.raises(ConflictError):
        changes.approve_change(change, make_user("finance"))
    assert shown_stage(country) == "live"


# --- scheduling ----------------------------------------------------------------------


def test_local_time_becomes_utc_in_the_country_zone(make_country: MakeCountry) -> None:
    country = make_country("PL", currency="PLN", timezone="Europe/Warsaw", locale="pl_PL")
    now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    instant, label = changes.local_to_utc(country, date(2026, 12, 1), time(9, 30), now)
    assert instant == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert label == "2026-12-01 09:30 (Europe/Warsaw)"


def test_past_local_times_are_refused(make_country: MakeCountry) -> None:
    country = make_country("FR")
    now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)  # 09:00 in Paris
    with pytest.raises(OperationError, match="is in the past"):
        changes.local_to_utc(country, date(2026, 11, 21), time(8, 59), now)
    assert changes.local_to_utc(country, date(2026, 11, 21), time(9, 1), now)


def test_ambiguous_and_skipped_times_around_dst_are_refused(make_country: MakeCountry) -> None:
    country = make_country("FR")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    # 2026-10-25: clocks go back from 03:00 to 02:00 in Paris.
    with pytest.raises(OperationError, match="happens twice"):
        changes.local_to_utc(country, date(2026, 10, 25), time(2, 30), now)
    # 2026-03-29: clocks jump from 02:00 to 03:00.
    with pytest.raises(OperationError, match="does not exist"):
        changes.local_to_utc(country, date(2026, 3, 29), time(2, 30), now)
    assert changes.local_to_utc(country, date(2026, 3, 29), time(3, 0), now)[0] == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC)


def test_scheduled_change_takes_effect_at_the_minute(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    at = (datetime.now(UTC) + timedelta(hours=2)).replace(second=0, microsecond=0)
    change = changes.request_payments_on(country, make_user("finance"), effective_at=at,
                                         effective_local="local", reason="ready")
    changes.approve_change(change, make_user("finance"))
    assert change.status == "approved" and shown_stage(country) == "live"

    before = changes.effective_payment_state(country, at - timedelta(seconds=1))
    assert not before.enabled and before.scheduled_at == at
    on_time = changes.effective_payment_state(country, at)
    assert on_time.enabled and on_time.stage == "payments_live"
    assert on_time.methods == ["scheme", "sepadirectdebit", "paypal"]

    assert changes.apply_due_changes(at - timedelta(seconds=1)) == []
    [written] = changes.apply_due_changes(at)
    assert (written.kind, written.payment_request_id, written.effective_at) == (
        "payment", change.id, at)
    assert shown_stage(country) == "payments_live" and country.recorded_payment == "on"
    assert changes.apply_due_changes(at + timedelta(minutes=5)) == []  # idempotent
    applied = db.scalars(select(AuditEvent).where(AuditEvent.action == "country.stage_changed")
                         ).all()
    assert len(applied) == 1


def test_request_form_refuses_past_and_ambiguous_times(
        client: FlaskClient, signed_in: SignedIn, ready_country: MakeCountry) -> None:
    ready_country("FR")
    signed_in("finance")
    response = client.post("/payments/countries/FR/request", data={
        "effective_at": "2020-01-01T10:00", "reason": "go"})
    assert response.status_code == 400
    assert "is in the past in Europe/Paris" in response.get_data(as_text=True)
    next_year = datetime.now(UTC).year + 1
    # The last Sunday of October is when Paris goes back an hour.
    last_sunday = max(date(next_year, 10, d) for d in range(25, 32)
                      if date(next_year, 10, d).weekday() == 6)
    response = client.post("/payments/countries/FR/request", data={
        "effective_at": f"{last_sunday.isoformat()}T02:15", "reason": "go"})
    assert response.status_code == 400
    assert "happens twice in Europe/Paris" in response.get_data(as_text=True)
    response = client.post("/payments/countries/FR/request",
                           data={"effective_at": "02:15", "reason": "go"})
    assert response.status_code == 400
    assert "YYYY-MM-DDTHH:MM" in response.get_data(as_text=True)
    assert changes.list_changes("FR") == []


# --- four eyes through the console -----------------------------------------------------


def switch_to(client: FlaskClient, user: User) -> None:
    from tests.conftest import sign_in

    client.post("/logout")
    sign_in(client, user)


DECIDE = {"note": "checked", "confirm": "y"}


def test_console_four_eyes(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser,
        ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    requester = signed_in("finance")
    assert client.post("/payments/countries/FR/request", data={"reason": "go"}).status_code == 302
    change = changes.list_changes("FR")[0]
    response = client.post(f"/payments/changes/{change.id}/approve", data=DECIDE)
    assert response.status_code == 400
    assert "another finance user must approve" in response.get_data(as_text=True)
    assert shown_stage(country) == "live"

    switch_to(client, make_user("launch_manager"))
    assert client.post(f"/payments/changes/{change.id}/approve", data=DECIDE).status_code == 403

    switch_to(client, make_user("finance"))
    assert client.post(f"/payments/changes/{change.id}/approve", data=DECIDE).status_code == 302
    assert db_stage(country) == "payments_live"
    assert changes.get_change(change.id).requested_by_id == requester.id


def db_stage(country: Country) -> str:
    from backoffice.core.db import db

    db.session.refresh(country)
    return shown_stage(country)


def test_launch_manager_outside_their_scope_cannot_request(
        client: FlaskClient, signed_in: SignedIn, ready_country: MakeCountry) -> None:
    ready_country("FR")
    signed_in("launch_manager", countries=("DE",))
    assert client.post("/payments/countries/FR/request").status_code == 403
    assert changes.list_changes("FR") == []


# --- kill switch -----------------------------------------------------------------------


def test_kill_switch_turns_payment_off_at_once(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    change = changes.request_payments_on(country, make_user("finance"), reason="ready")
    changes.approve_change(change, make_user("finance"))
    with pytest.raises(OperationError, match="reason is required"):
        changes.kill_payments(country, make_user("finance"), reason="  ")
    changes.kill_payments(country, make_user("admin"), reason="chargeback storm")
    assert shown_stage(country) == "live"
    assert not changes.effective_payment_state(country).enabled
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "payments.killed"))
    assert event.country_code == "FR" and event.reason == "chargeback storm"
    assert event.before["stage"] == "payments_live" and event.after["stage"] == "live"
    with pytest.raises(OperationError, match="not on"):
        changes.kill_payments(country, make_user("finance"), reason="again")


def test_kill_switch_cancels_a_scheduled_switch(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    at = datetime.now(UTC) + timedelta(hours=1)
    change = changes.request_payments_on(country, make_user("finance"), effective_at=at,
                                         reason="ready")
    changes.approve_change(change, make_user("finance"))
    changes.kill_payments(country, make_user("finance"), reason="postponed")
    assert change.status == "cancelled"
    assert not changes.effective_payment_state(country, at + timedelta(minutes=1)).enabled
    assert changes.apply_due_changes(at + timedelta(minutes=1)) == []
    assert shown_stage(country) == "live"


def test_kill_switch_in_the_console(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_user: MakeUser,
        ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    change = changes.request_payments_on(country, make_user("finance"), reason="ready")
    changes.approve_change(change, make_user("finance"))
    signed_in("launch_manager")
    assert client.post("/payments/countries/FR/kill", data={"reason": "x"}).status_code == 403
    switch_to(client, make_user("finance"))
    response = client.post("/payments/countries/FR/kill", data={"reason": ""})
    assert response.status_code == 400
    assert db_stage(country) == "payments_live"
    assert client.post("/payments/countries/FR/kill",
                       data={"reason": "fraud spike"}).status_code == 302
    assert db_stage(country) == "live"
    # The request was approved and carried out; the kill is its own event in the state log.
    assert db.scalar(select(PaymentChangeRequest.status)) == "approved"
    assert country.recorded_payment == "killed"
