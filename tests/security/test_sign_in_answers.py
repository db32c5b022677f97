"""Closes: sessions issued with answers that failed, and redirects taken from the request.

A ``next`` with a CR/LF made the sign-in answer a 500 that rolled back its audit event yet
carried the session cookie. ``next`` now accepts only plain paths of this site, and an
answer of 400 or more never carries a new sign-in, whatever the view did
(``core.security.CommittedSignInSessionInterface``); the session row it wrote rolls back.
"""

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import operations, sessions
from backoffice.accounts.models import UserSession
from backoffice.audit.models import AuditEvent
from backoffice.core.permissions import public
from backoffice.core.security import safe_next_path
from tests.conftest import TEST_PASSWORD
from tests.support.fixture_types import MakeApp, MakeUser


@pytest.mark.parametrize("target", [
    "/%0D%0A", "/%0d%0aSet-Cookie:%20x=1", "/%0a", "/%09x", "/ok%7F", "/%00",
    "//evil.example/", "/%5Cevil.example", "https://evil.example/", "javascript:alert(1)",
    "/" + "a" * 3000,
])
def test_sign_in_refuses_a_next_that_is_not_a_plain_path(
        client: FlaskClient, make_user: MakeUser, db: Session, target: str) -> None:
    user = make_user("viewer")
    response = client.post(f"/login?next={target}",
                           data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/"
        assert db.query(AuditEvent).filter_by(action="user.signed_in").count() == 1
        assert client.get("/").status_code == 200


def test_sign_in_follows_a_path_of_the_site(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    response = client.post("/login?next=/countries/%3Fstage%3Dlive",
                           data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/countries/?stage=live"


@pytest.mark.parametrize(("target", "kept"), [
    ("/audit/?actor=a", True), ("/", True), ("/a\r\nb", False), ("/a b", False),
    ("/\\x", False), ("///x", False), ("", False), (None, False), ("x/y", False),
    ("/\u2028", False), ("/caf\u00e9", True),
])
def test_safe_next_path(app: Flask, target: str | None, kept: bool) -> None:
    with app.test_request_context("/"):
        assert (safe_next_path(target) == target) is kept


@pytest.mark.parametrize("failure", ["crash", "refusal"])
def test_an_answer_that_failed_never_issues_a_session(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session, failure: str) -> None:
    user = make_user("viewer")

    def sign_in_then_fail() -> None:
        sessions.begin(operations.get_user(user.id))
        if failure == "crash":
            raise RuntimeError("after the sign-in")
        abort(409)

    app.add_url_rule("/sign-in-then-fail", "sign_in_then_fail", public(sign_in_then_fail),
                     methods=["POST"])
    response = client.post("/sign-in-then-fail")
    assert response.status_code == (500 if failure == "crash" else 409)
    assert "session=" not in response.headers.get("Set-Cookie", "")
    assert db.query(UserSession).count() == 0  # rolled back with the answer
    assert db.query(AuditEvent).filter_by(action="user.signed_in").count() == 0
    assert client.get("/").status_code == 302


def test_an_error_page_still_saves_its_form_token(database_url: str, make_app: MakeApp) -> None:
    """Dropping the sign-in must not drop the CSRF token an error page's form carries."""
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "session=" in response.headers.get("Set-Cookie", "")
