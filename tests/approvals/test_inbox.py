"""The approvals inbox: what approving would do, decided from there; withdrawing."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.audit.models import AuditEvent
from backoffice.countries.models import Country
from backoffice.countries.state import state_of
from backoffice.payments import changes
from backoffice.payments.models import PaymentChangeRequest
from tests.conftest import sign_in
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn


def _requested(db: Session, ready_country: MakeCountry, make_user: MakeUser
               ) -> tuple[Country, User, User, PaymentChangeRequest]:
    country = ready_country("FR")
    rita = make_user("finance", email="rita@example.com")
    alan = make_user("finance", email="alan@example.com")
    change = changes.request_payments_on(country, rita, reason="Cards ready")
    db.flush()
    return country, rita, alan, change


def test_the_inbox_shows_what_approval_would_do_and_approves(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    country, rita, alan, change = _requested(db, ready_country, make_user)
    sign_in(client, alan)
    page = client.get("/approvals/").get_data(as_text=True)
    assert f'id="change-{change.id}"' in page and "rita@example.com" in page
    assert "scheme, sepadirectdebit, paypal" in page and "CarpoolDemo" in page
    assert "Adyen health check succeeded" in page  # the gates' sentences, now
    assert client.post(f"/approvals/{change.id}/approve", data={}).status_code == 400
    db.expire_all()
    assert db.get(PaymentChangeRequest, change.id).status == "pending"  # no confirmation
    response = client.post(f"/approvals/{change.id}/approve", data={"confirm": "y"})
    assert response.status_code == 400 and "Say why the request is approved." in (
        response.get_data(as_text=True))
    response = client.post(f"/approvals/{change.id}/approve",
                           data={"confirm": "y", "note": "Gates pass"})
    assert response.status_code == 302
    db.expire_all()
    assert state_of(country).payment_on
    assert "Nothing waits for your approval." in client.get("/approvals/").get_data(
        as_text=True)


def test_the_requester_sees_no_approve_button_but_may_withdraw(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _country, rita, _alan, change = _requested(db, ready_country, make_user)
    sign_in(client, rita)
    page = client.get("/approvals/").get_data(as_text=True)
    assert "approve-form" not in page and "withdraw-form" in page
    assert client.post(f"/approvals/{change.id}/approve",
                       data={"confirm": "y"}).status_code == 400
    response = client.post(f"/approvals/{change.id}/withdraw",
                           data={"reason": "Wrong date", "confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(PaymentChangeRequest, change.id).status == "cancelled"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "payments.change_withdrawn"))
    assert event.reason == "Wrong date" and event.actor_email == "rita@example.com"


def test_only_the_requester_withdraws(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _country, _rita, alan, change = _requested(db, ready_country, make_user)
    sign_in(client, alan)
    assert client.post(f"/approvals/{change.id}/withdraw",
                       data={"confirm": "y"}).status_code == 400
    db.expire_all()
    assert db.get(PaymentChangeRequest, change.id).status == "pending"


def test_refusing_needs_a_reason(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _country, _rita, alan, change = _requested(db, ready_country, make_user)
    sign_in(client, alan)
    assert client.post(f"/approvals/{change.id}/refuse",
                       data={"confirm": "y"}).status_code == 400
    assert client.post(f"/approvals/{change.id}/refuse",
                       data={"note": "No", "confirm": "y"}).status_code == 302


def test_viewers_and_translators_have_no_inbox(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    assert client.get("/approvals/").status_code == 403


def test_the_admin_api_lists_refuses_and_withdraws(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    from backoffice.accounts import tokens

    _country, rita, alan, change = _requested(db, ready_country, make_user)
    _row, alan_token = tokens.create_token(alan, "inbox")
    _row, rita_token = tokens.create_token(rita, "inbox")
    listed = client.get("/api/v1/admin/approvals",
                        headers={"Authorization": f"Bearer {alan_token}"}).get_json()
    assert [item["id"] for item in listed["waiting"]] == [change.id]
    assert listed["waiting"][0]["methods"] == ["scheme", "sepadirectdebit", "paypal"]
    refused = client.post(f"/api/v1/admin/payment-requests/{change.id}/withdraw", json={},
                          headers={"Authorization": f"Bearer {alan_token}"})
    assert refused.status_code == 400
    done = client.post(f"/api/v1/admin/payment-requests/{change.id}/withdraw", json={},
                       headers={"Authorization": f"Bearer {rita_token}"})
    assert done.status_code == 200 and done.get_json()["status"] == "cancelled"
