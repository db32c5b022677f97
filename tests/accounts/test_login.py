from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts.models import LoginAttempt
from tests.accounts.factors import Clock
from tests.conftest import TEST_PASSWORD
from tests.support.fixture_types import MakeUser


def test_sign_in_and_out(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(
        client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    wrong = client.post("/login", data={"email": user.email, "password": "nope-nope-nope"})
    unknown = client.post("/login", data={"email": "who@example.com", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert b"Invalid email or password." in wrong.data
    assert b"Invalid email or password." in unknown.data


def test_disabled_user_cannot_sign_in(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    user.active = False
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert b"Invalid email or password." in response.data


def test_throttled_attempt_is_refused_even_with_the_right_password(
        app: Flask, client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    for _ in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        client.post("/login", data={"email": user.email, "password": "wrong-password"})
    # Refused before the password is checked: a guess made while waiting teaches nothing.
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert b"Wait" in response.data and b"seconds before you try again" in response.data
    assert client.get("/").status_code == 302


def test_burst_of_500_attempts_is_held(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    clock.freeze()  # however long the burst takes, it is one moment for the throttle
    user = make_user("viewer")
    statuses = [
        client.post("/login", data={"email": user.email, "password": f"guess-{n}"}).status_code
        for n in range(500)
    ]
    free = app.config["LOGIN_FREE_FAILURES"]
    assert statuses.count(429) == 500 - free
    assert db.query(LoginAttempt).count() == free


def test_open_redirect_is_refused(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    response = client.post(
        "/login?next=//evil.example/", data={"email": user.email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_sign_in_is_audited(client: FlaskClient, make_user: MakeUser, db: Session) -> None:
    from backoffice.audit.models import AuditEvent

    user = make_user("viewer")
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    event = db.query(AuditEvent).filter_by(action="user.signed_in").one()
    assert event.actor_id == user.id and event.after == {"method": "password"}


def test_session_cookie_flags(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("viewer")
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
