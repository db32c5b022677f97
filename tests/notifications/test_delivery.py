"""Preferences (immediate, daily digest, off), one notification per event, mentions."""

from __future__ import annotations

from sqlalchemy import func, select

from backoffice.notifications import operations
from backoffice.notifications.models import MailStatus, Notification
from backoffice.notifications.tasks import send_digests
from backoffice.tasks.worker import run_ready


def _notify(user, key):  # type: ignore[no-untyped-def]
    return operations.notify([user], "move_done", key=key,
                             params={"country": "PL", "stage": "live"},
                             link="/countries/PL/readiness", country_code="PL")


def test_the_same_event_notifies_once(app, db, make_user, mailbox):
    user = make_user("launch_manager")
    assert len(_notify(user, "move:1")) == 1
    assert _notify(user, "move:1") == []
    assert db.scalar(select(func.count(Notification.id))) == 1


def test_digest_and_off(app, db, client, signed_in, mailbox):
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


def test_a_bad_preference_is_refused(client, signed_in):
    signed_in("viewer")
    response = client.post("/notifications/preferences", data={"move_done": "hourly"})
    assert response.status_code == 400


def test_a_mention_notifies_the_person_mentioned_once(db, make_user):
    author, mentioned = make_user("translator"), make_user("reviewer")
    operations.notify_mention(mentioned, author, text="Could you check\n this plural?",
                              link="/catalogs/app/pl_PL/", key="message:42")
    operations.notify_mention(mentioned, author, text="edited", link="/catalogs/app/pl_PL/",
                              key="message:42")
    operations.notify_mention(author, author, text="me", link="/", key="message:43")
    [item] = db.scalars(select(Notification)).all()
    assert item.user_id == mentioned.id
    assert item.params["excerpt"] == "Could you check this plural?"


def test_one_cannot_read_someone_elses_notification(app, client, db, make_user, signed_in):
    other = make_user("finance")
    [item] = _notify(other, "move:9")
    signed_in("finance")
    assert client.post(f"/notifications/{item.id}/read").status_code == 404
    db.expire_all()
    assert db.get(Notification, item.id).read_at is None
