"""Preferences (immediate, daily digest, off), one notification per event, mentions."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.notifications import operations
from backoffice.notifications.models import MailStatus, Notification
from backoffice.notifications.tasks import send_digests
from backoffice.tasks.worker import run_ready
from tests.support.fixture_types import MakeUser, SignedIn
from tests.support.smtp import Inbox


def _notify(user: User, key: str) -> list[Notification]:
    return operations.notify([user], "move_done", key=key,
                             params={"country": "PL", "stage": "live"},
                             link="/countries/PL/readiness", country_code="PL")


def test_the_same_event_notifies_once(
        app: Flask, db: Session, make_user: MakeUser, mailbox: Inbox) -> None:
    user = make_user("launch_manager")
    assert len(_notify(user, "move:1")) == 1
    assert _notify(user, "move:1") == []
    assert db.scalar(select(func.count(Notification.id))) == 1


def test_digest_and_off(
        app: Flask, db: Session, client: FlaskClient, signed_in: SignedIn, mailbox: Inbox) -> None:
    user = signed_in("launch_manager")
    response = client.post("/notifications/preferences", data={
        "move_done": "digest", "country_at_risk": "off"})
    assert response.status_code == 302
    assert operations.preferences(user)["move_done"] == "digest"
    _notify(user, "move:2")
    _notify(user, "move:3")
    operations.notify([user], "country_at_risk", key="risk:PL:1",
                      params={"country": "PL", "reasons": "pl_PL app: 1 of 3"},
                      link="/countries/PL/readiness")
    db.commit()
    assert run_ready(app) == 0 and mailbox.messages == []
    assert send_digests() == 1
    [digest] = mailbox.messages
    assert digest["Subject"] == "[Launch backoffice] 2 new notifications"
    assert digest.get_content().count("PL moved to Live as scheduled.") == 2
    assert send_digests() == 0  # sent once
    off = db.scalar(select(Notification).where(Notification.kind == "country_at_risk"))
    assert off.mail_status == MailStatus.NONE
    assert "PL is at risk" in client.get("/notifications/").get_data(as_text=True)


def test_a_bad_preference_is_refused(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    response = client.post("/notifications/preferences", data={"move_done": "hourly"})
    assert response.status_code == 400


def test_a_mention_notifies_the_person_mentioned_once(db: Session, make_user: MakeUser) -> None:
    author, mentioned = make_user("translator"), make_user("reviewer")
    operations.notify_mention(mentioned, author, text="Could you check\n this plural?",
                              link="/catalogs/app/pl_PL/", key="message:42")
    operations.notify_mention(mentioned, author, text="edited", link="/catalogs/app/pl_PL/",
                              key="message:42")
    operations.notify_mention(author, author, text="me", link="/", key="message:43")
    [item] = db.scalars(select(Notification)).all()
    assert item.user_id == mentioned.id
    assert item.params["excerpt"] == "Could you check this plural?"


def test_one_cannot_read_someone_elses_notification(
        app: Flask, client: FlaskClient, db: Session, make_user: MakeUser,
        signed_in: SignedIn) -> None:
    other = make_user("finance")
    [item] = _notify(other, "move:9")
    signed_in("finance")
    assert client.post(f"/notifications/{item.id}/read").status_code == 404
    db.expire_all()
    assert db.get(Notification, item.id).read_at is None
