"""Comment threads per message and locale: mentions notify, requests for context are
listed for the launch manager, open questions are a filter and a count, resolved threads
stay in the history."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.comments import operations
from backoffice.core.errors import OperationError
from backoffice.notifications.models import Notification
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser, SignedIn


def test_a_mention_notifies_once_and_only_known_people(db: Session, make_user: MakeUser) -> None:
    author = make_user("translator", email="tina@example.com", locales=("fr_BE",))
    lead = make_user("reviewer", email="rita@example.com", locales=("fr_BE",))
    _, child = french()
    pay = message(child, "Pay")
    assert operations.mentioned_emails("ask @rita@example.com and @nobody@example.com, "
                                       "mail me at tina@example.com") == [
        "rita@example.com", "nobody@example.com"]
    operations.add_comment(pay, child, "@rita@example.com is it « payer » or « régler » ?",
                           actor=author)
    sent = list(db.scalars(select(Notification).where(Notification.user_id == lead.id)))
    assert len(sent) == 1 and sent[0].kind == "mention"
    assert f"m={pay.id}" in sent[0].link
    operations.add_comment(pay, child, "@tina@example.com talking to myself", actor=author)
    assert db.scalar(select(Notification).where(Notification.user_id == author.id)) is None
    with pytest.raises(OperationError):
        operations.add_comment(pay, child, "   ", actor=author)


def test_threads_open_resolve_and_stay_in_history(db: Session, make_user: MakeUser) -> None:
    author = make_user("translator", locales=("fr_BE",))
    _, child = french()
    pay = message(child, "Pay")
    first = operations.add_comment(pay, child, "What is paid here?", actor=author)
    operations.add_comment(pay, child, "The seat, I think.", actor=author)
    thread = operations.open_thread(pay)
    assert thread.id == first.thread_id and len(thread.comments) == 2
    assert operations.open_count(child) == 1
    operations.resolve(thread, actor=author)
    assert operations.open_count(child) == 0 and operations.open_thread(pay) is None
    operations.add_comment(pay, child, "Reopened: and the fees?", actor=author)
    history = operations.threads(pay)
    assert len(history) == 2 and history[0].resolved_at is None
    assert history[1].resolved_at is not None and len(history[1].comments) == 2


def test_requests_for_context_are_listed_for_the_launch_manager(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser) -> None:
    translator = make_user("translator", locales=("fr_BE",))
    _, child = french()
    pay = message(child, "Pay")
    book = message(child, "Book")
    operations.add_comment(pay, child, "Pay what? A screenshot please.", actor=translator,
                           kind="context")
    operations.add_comment(book, child, "Just a question", actor=translator)
    signed_in("launch_manager")
    html = client.get("/comments/requests").get_data(as_text=True)
    assert "Pay what? A screenshot please." in html and "Just a question" not in html
    thread = operations.open_thread(pay)
    response = client.post(f"/comments/threads/{thread.id}/resolve", data={"back": "requests"})
    assert response.status_code == 302
    assert "No open request." in client.get("/comments/requests").get_data(as_text=True)


def test_editor_filter_count_and_posting_from_the_panel(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser) -> None:
    signed_in("translator", email="tina@example.com", locales=("fr_BE",))
    rita = make_user("reviewer", email="rita@example.com", locales=("fr_BE",))
    _, child = french()
    pay = message(child, "Pay")
    response = client.post(f"/comments/messages/{pay.id}",
                           data={"body": "@rita@example.com which verb?", "kind": "question"})
    assert response.status_code == 302 and f"m={pay.id}" in response.headers["Location"]
    html = client.get("/catalogs/app/fr_BE/").get_data(as_text=True)
    assert 'data-open-questions="1"' in html
    only = client.get("/catalogs/app/fr_BE/?state=questions").get_data(as_text=True)
    assert set(re.findall(r'id="m(\d+)"', only)) == {str(pay.id)}
    panel = client.get(f"/catalogs/api/messages/{pay.id}/panel").get_json()
    assert panel["threads"][0]["comments"][0]["body"] == "@rita@example.com which verb?"
    assert "which verb?" in panel["html"]
    assert client.get("/notifications/").status_code in (200, 302)
    from backoffice.core.db import db

    assert db.session.scalar(select(Notification).where(Notification.user_id == rita.id))
    # Not in the translator's locales: refused, nothing stored.
    parent_pay = db.session.scalar(select(type(pay)).where(
        type(pay).msgid == "Pay", type(pay).catalog_id != child.id))
    assert client.post(f"/comments/messages/{parent_pay.id}",
                       data={"body": "hello"}).status_code == 403
