"""Closes: handing Flask-Login's ``current_user`` proxy where a real user is stored.

Flask-Login keeps whatever it is given as the request's user; given its own proxy, the
proxy looks itself up forever (a password change crashed the worker). One module,
``backoffice.accounts.sessions``, talks to Flask-Login, and it unwraps the proxy.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from flask_login import current_user
from sqlalchemy.orm import Session

from backoffice.accounts import sessions
from backoffice.accounts.models import User, UserSession
from backoffice.audit.models import AuditEvent
from tests.conftest import TEST_PASSWORD, sign_in
from tests.support.fixture_types import MakeUser, SignedIn

PACKAGE = Path(__file__).resolve().parents[2] / "backoffice"
NEW_PASSWORD = "a-brand-new-passphrase-77"


def test_changing_your_own_password_keeps_this_session_and_ends_the_others(
        app: Flask, make_user: MakeUser, db: Session) -> None:
    user = make_user("viewer")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    old_cookie = here.get_cookie("session").value
    response = here.post("/profile", data={"current_password": TEST_PASSWORD,
                                           "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert here.get("/").status_code == 200  # this browser goes on
    assert elsewhere.get("/").status_code == 302  # every other session ended
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)  # the cookie from before the change
    assert replay.get("/").status_code == 302
    event = db.query(AuditEvent).filter_by(action="user.password_changed").one()
    assert event.actor_id == user.id
    assert NEW_PASSWORD not in repr(event.before) + repr(event.after)
    assert db.query(UserSession).filter_by(user_id=user.id, ended_at=None).count() == 1
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": NEW_PASSWORD}
                      ).status_code == 302


def test_a_wrong_current_password_changes_nothing(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("viewer")
    before = user.password_hash
    response = client.post("/profile", data={"current_password": "not-it-at-all",
                                             "new_password": NEW_PASSWORD})
    assert response.status_code == 200
    assert "The current password is wrong." in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, user.id).password_hash == before


def test_the_session_module_unwraps_the_proxy(app: Flask, make_user: MakeUser) -> None:
    user = make_user("viewer")
    with app.test_request_context("/"):
        sessions.act_as(user)
        assert sessions.real_user(current_user) is user
        sessions.act_as(current_user)  # the proxy itself: unwrapped, no recursion
        assert current_user.id == user.id
        assert type(sessions.real_user(current_user)) is User


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def test_only_the_session_module_tells_flask_login_who_is_signed_in() -> None:
    allowed = PACKAGE / "accounts" / "sessions.py"
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_login":
                names = {alias.name for alias in node.names}
                if names & {"login_user", "logout_user", "confirm_login"} and path != allowed:
                    offenders.append(f"{path}: imports {sorted(names)}")
            if isinstance(node, ast.Attribute) and node.attr == "_login_user" and isinstance(
                    node.ctx, ast.Store) and path != allowed:
                offenders.append(f"{path}:{node.lineno}: sets g._login_user")
    assert offenders == []
