"""A request waits for the other finance users: inbox, header count, a mail in their
language with the exact link and no secret; the decision comes back to the requester."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from backoffice.accounts.models import User
from backoffice.notifications.models import MailStatus, Notification
from backoffice.tasks.queue import queue
from backoffice.tasks.worker import run_ready
from tests.conftest import sign_in
from tests.support.adyen import API_KEY, HMAC_KEY
from tests.support.fixture_types import MakeCountry, MakeUser
from tests.support.smtp import Inbox


def _requested(client: FlaskClient, db: Session, ready_country: MakeCountry,
               make_user: MakeUser, reason: str = "Cards ready"
               ) -> tuple[User, User, User, TestResponse]:
    """Rita asks to switch online payment on in FR; Alan, the other finance user, reads
    French; Vera only views. Also the answer to Rita's request."""
    ready_country("FR")
    rita = make_user("finance", email="rita@example.com")
    alan = make_user("finance", email="alan@example.com")
    alan.language = "fr"
    viewer = make_user("viewer", email="vera@example.com")
    db.flush()
    sign_in(client, rita)
    response = client.post("/payments/countries/FR/request", data={"reason": reason})
    return rita, alan, viewer, response


def test_a_request_reaches_the_approvers_by_inbox_and_mail(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, mailbox: Inbox) -> None:
    rita, alan, viewer, response = _requested(client, db, ready_country, make_user)
    assert response.status_code == 302
    assert mailbox.messages == []  # the request did not wait on mail
    assert queue(app).pending_count() == 1

    [item] = db.scalars(select(Notification).where(Notification.user_id == alan.id))
    assert item.kind == "approval_waiting" and item.mail_status == MailStatus.PENDING
    assert not db.scalars(select(Notification).where(
        Notification.user_id.in_([rita.id, viewer.id]))).all()

    assert run_ready(app) == 1
    [mail] = mailbox.messages
    assert mail["To"] == "alan@example.com"
    assert mail["Subject"] == "[Backoffice de lancement] Une approbation vous attend"
    text = mail.get_content()
    assert ("rita@example.com demande d’activer le paiement en ligne en FR\u00a0: "
            "Cards ready") in text
    assert item.link.startswith("/approvals#change-")
    assert f"http://127.0.0.1:5000{item.link}" in text
    assert API_KEY not in text and HMAC_KEY not in text and API_KEY[-4:] not in text
    db.expire_all()
    assert db.get(Notification, item.id).mail_status == MailStatus.SENT
    assert run_ready(app) == 0

    client = app.test_client()
    sign_in(client, alan)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "rita@example.com demande d’activer le paiement en ligne en FR" in page
    assert 'class="unread-count" aria-label="1 non lue">1<' in page
    assert client.post(f"/notifications/{item.id}/read").status_code == 302
    assert 'class="unread-count" aria-label="0 non lue">0<' in client.get(
        "/notifications/").get_data(as_text=True)


def test_the_decision_comes_back_and_the_waiting_item_is_resolved(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, mailbox: Inbox) -> None:
    rita, alan, _viewer, _response = _requested(client, db, ready_country, make_user)
    client = app.test_client()
    sign_in(client, alan)
    change_id = db.scalar(select(Notification).where(Notification.user_id == alan.id)).key
    change_id = int(change_id.split(":")[1])
    response = client.post(f"/approvals/{change_id}/refuse",
                           data={"note": "Wait for the audit", "confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    waiting = db.scalar(select(Notification).where(Notification.user_id == alan.id))
    assert waiting.read_at is not None  # nothing waits any more
    decision = db.scalar(select(Notification).where(Notification.user_id == rita.id))
    assert decision.kind == "request_refused"
    run_ready(app)
    [refused] = mailbox.to("rita@example.com")
    assert "alan@example.com refused your request" in refused.get_content()
    assert "Wait for the audit" in refused.get_content()
    assert "http://127.0.0.1:5000/payments/countries/FR" in refused.get_content()


def test_without_a_mail_server_notifications_stay_in_the_inbox(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _rita, alan, _viewer, _response = _requested(client, db, ready_country, make_user)
    item = db.scalar(select(Notification).where(Notification.user_id == alan.id))
    assert item.mail_status == MailStatus.NONE
    assert queue(app).pending_count() == 0


def test_a_refused_request_notifies_nobody(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, mailbox: Inbox) -> None:
    *_people, response = _requested(client, db, ready_country, make_user, reason="")
    assert response.status_code == 400
    assert db.scalars(select(Notification)).all() == []
    assert queue(app).pending_count() == 0
