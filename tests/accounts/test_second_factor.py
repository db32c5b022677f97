"""The second factor: set-up with a QR code, the second step of sign-in, recovery, reset."""

import re
from datetime import timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from backoffice.accounts import second_factor
from backoffice.accounts.models import LoginAttempt, RecoveryCode, User, UserSession
from backoffice.audit.models import AuditEvent
from tests.accounts.factors import (
    Clock,
    enrol,
    next_code,
    secret_on_page,
    sign_in_with_code,
)
from tests.conftest import TEST_PASSWORD, sign_in
from tests.support.fixture_types import MakeUser

pytestmark = pytest.mark.usefixtures("second_factor_on")


def _password_step(client: FlaskClient, user: User) -> TestResponse:
    return client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_money_and_access_roles_set_up_a_factor_before_anything_else(
        client: FlaskClient, make_user: MakeUser, role: str) -> None:
    user = make_user(role)
    response = _password_step(client, user)
    assert response.headers["Location"].startswith("/login/enrol")
    # Half signed in is not signed in: every page sends them back to the set-up.
    for path in ("/", "/payments/", "/users/", "/profile"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith(
            "/login"), path
    assert client.get("/login").headers["Location"].startswith("/login/enrol")


def test_other_roles_sign_in_with_the_password_alone(
        client: FlaskClient, make_user: MakeUser) -> None:
    _password_step(client, make_user("launch_manager"))
    assert client.get("/").status_code == 200


def test_set_up_with_the_qr_code_then_recovery_codes_shown_once(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("finance")
    _password_step(client, user)
    page = client.get("/login/enrol")
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    # The QR code is drawn by the app, inside the page: no image to fetch, no script.
    assert re.search(r'data-qr-code><svg [^>]*class="segno"', html)
    assert "<img" not in html and "<script>" not in html
    secret = secret_on_page(html)
    assert secret_on_page(client.get("/login/enrol").get_data(as_text=True)) == secret
    response = client.post("/login/enrol", data={"code": pyotp.TOTP(secret).at(clock.now())})
    assert response.headers["Location"].startswith("/profile/recovery-codes")
    codes_page = client.get("/profile/recovery-codes")
    codes = re.findall(r"<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code>",
                       codes_page.get_data(as_text=True))
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert codes_page.headers["Cache-Control"] == "no-store"
    assert client.get("/profile/recovery-codes").status_code == 302  # shown once
    assert client.get("/").status_code == 200  # signed in now
    db.expire_all()
    stored = db.get(User, user.id)
    assert secret not in stored.totp_secret_enc  # encrypted at rest
    digests = {row.code_digest for row in db.query(RecoveryCode).filter_by(user_id=user.id)}
    assert len(digests) == len(codes) and not digests & set(codes)
    event = db.query(AuditEvent).filter_by(action="user.second_factor_enrolled").one()
    assert secret not in repr(event.after) and event.after == {"second_factor": True}


def test_wrong_code_at_set_up_keeps_the_same_secret(
        client: FlaskClient, make_user: MakeUser, db: Session) -> None:
    user = make_user("finance")
    _password_step(client, user)
    html = client.get("/login/enrol").get_data(as_text=True)
    response = client.post("/login/enrol", data={"code": "000000"})
    assert response.status_code == 400
    again = response.get_data(as_text=True)
    assert "does not match" in again
    assert secret_on_page(again) == secret_on_page(html)  # no need to scan again
    assert not db.get(User, user.id).has_second_factor


def test_a_set_up_left_open_too_long_offers_a_new_secret(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("finance")
    _password_step(client, user)
    html = client.get("/login/enrol").get_data(as_text=True)
    old_secret = secret_on_page(html)
    clock.advance(minutes=16)
    code = pyotp.TOTP(old_secret).at(clock.now())
    asked = client.post("/login/enrol", data={"code": code})
    assert "Confirm it is you" in asked.get_data(as_text=True)  # the password is old too
    response = client.post("/login/enrol",
                           data={"code": code, "confirmation_code": TEST_PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "too old" in page and secret_on_page(page) != old_secret
    assert not db.get(User, user.id).has_second_factor


def test_the_secret_being_set_up_is_not_readable_in_the_cookie(
        client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user("finance")
    _password_step(client, user)
    response = client.get("/login/enrol")
    secret = secret_on_page(response.get_data(as_text=True))
    assert secret not in response.headers["Set-Cookie"]


def test_sign_in_asks_for_the_code_after_the_password(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("finance")
    totp, _codes = enrol(user, clock)
    response = _password_step(client, user)
    assert response.headers["Location"].startswith("/login/code")
    assert client.get("/").status_code == 302
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 200 and "This code is not right" in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302
    right = client.post("/login/code", data={"code": next_code(totp, clock)})
    assert right.status_code == 302
    assert client.get("/").status_code == 200
    event = db.query(AuditEvent).filter_by(action="user.signed_in").one()
    assert event.after == {"method": "totp"}


def test_a_code_is_accepted_only_once(app: Flask, make_user: MakeUser, clock: Clock) -> None:
    user = make_user("finance")
    totp, _codes = enrol(user, clock)
    first, second = app.test_client(), app.test_client()
    _password_step(first, user)
    _password_step(second, user)
    code = next_code(totp, clock)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    replay = second.post("/login/code", data={"code": code})
    assert replay.status_code == 200 and "not right" in replay.get_data(as_text=True)


def test_a_recovery_code_signs_in_once(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("admin")
    _totp, codes = enrol(user, clock)
    client = app.test_client()
    _password_step(client, user)
    response = client.post("/login/code", data={"code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302
    assert db.query(AuditEvent).filter_by(action="user.recovery_code_used").one()
    other = app.test_client()
    _password_step(other, user)
    assert other.post("/login/code", data={"code": codes[0]}).status_code == 200
    assert other.get("/").status_code == 302


def test_wrong_codes_are_throttled_like_passwords(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    clock.freeze()
    user = make_user("finance")
    totp, _codes = enrol(user, clock)
    _password_step(client, user)
    for number in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        client.post("/login/code", data={"code": f"00000{number}"})
    right = totp.at(clock.now() + timedelta(seconds=30))
    response = client.post("/login/code", data={"code": right})
    assert response.status_code == 429
    # Signing in again with the right password does not reset the count of wrong codes.
    assert _password_step(client, user).status_code == 429
    assert client.post("/login/code", data={"code": right}).status_code == 429
    assert db.query(LoginAttempt).filter_by(email=user.email).count() == app.config[
        "LOGIN_FREE_FAILURES"]


def test_admin_resets_a_lost_factor_with_a_reason_audited(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    admin, user = make_user("admin"), make_user("finance")
    admin_totp, _codes = enrol(admin, clock)
    _totp, _codes = enrol(user, clock)
    victim = app.test_client()
    sign_in_with_code(victim, user, _totp, clock)
    client = app.test_client()
    sign_in_with_code(client, admin, admin_totp, clock)
    assert "Reset the authenticator" in client.get(f"/users/{user.id}").get_data(as_text=True)
    response = client.post(f"/users/{user.id}/second-factor/reset",
                           data={"reason": "lost phone, checked by call"})
    assert response.status_code == 302
    db.expire_all()
    assert not db.get(User, user.id).has_second_factor
    assert db.query(RecoveryCode).filter_by(user_id=user.id).count() == 0
    event = db.query(AuditEvent).filter_by(action="user.second_factor_reset").one()
    assert event.actor_id == admin.id and event.reason == "lost phone, checked by call"
    assert victim.get("/").status_code == 302  # their sessions ended
    again = app.test_client()
    assert _password_step(again, user).headers["Location"].startswith("/login/enrol")


def test_reset_needs_a_reason_and_is_not_for_oneself(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    admin, user = make_user("admin"), make_user("finance")
    admin_totp, _codes = enrol(admin, clock)
    enrol(user, clock)
    client = app.test_client()
    sign_in_with_code(client, admin, admin_totp, clock)
    client.post(f"/users/{user.id}/second-factor/reset", data={"reason": ""})
    client.post(f"/users/{admin.id}/second-factor/reset", data={"reason": "mine"})
    db.expire_all()
    assert db.get(User, user.id).has_second_factor and db.get(User, admin.id).has_second_factor
    assert db.query(AuditEvent).filter_by(action="user.second_factor_reset").count() == 0


def test_a_new_phone_replaces_the_authenticator(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("finance")
    totp, _codes = enrol(user, clock)
    sign_in_with_code(client, user, totp, clock)
    response = client.post("/profile/second-factor/replace")
    assert response.headers["Location"] == "/login/enrol"
    assert client.get("/").status_code == 302  # set up the new one first
    db.expire_all()
    assert not db.get(User, user.id).has_second_factor
    assert db.query(AuditEvent).filter_by(action="user.second_factor_removed").one()


def test_becoming_finance_asks_for_a_factor_at_once(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("viewer")
    client = app.test_client()
    sign_in(client, user)
    assert client.get("/").status_code == 200
    user.role = "finance"
    db.flush()
    assert client.get("/").status_code == 302
    assert client.get("/login").headers["Location"].startswith("/login/enrol")


def test_anyone_may_set_up_a_factor_and_is_then_asked_for_it(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("launch_manager")
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/login/enrol").get_data(as_text=True)
    totp = pyotp.TOTP(secret_on_page(html))
    client.post("/login/enrol", data={"code": totp.at(clock.now())})
    assert client.get("/").status_code == 200  # this session goes on
    other = app.test_client()
    assert _password_step(other, user).headers["Location"].startswith("/login/code")
    assert db.query(UserSession).filter_by(user_id=user.id, ended_at=None).count() == 2


def test_the_command_line_resets_the_last_admins_factor(
        app: Flask, make_user: MakeUser, db: Session, clock: Clock) -> None:
    from backoffice.accounts.cli import users

    admin = make_user("admin")
    enrol(admin, clock)
    result = app.test_cli_runner().invoke(
        users, ["reset-second-factor", admin.email, "--reason", "lost phone and codes"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert not db.get(User, admin.id).has_second_factor
    event = db.query(AuditEvent).filter_by(action="user.second_factor_reset").one()
    assert event.reason == "command line: lost phone and codes" and event.actor_id is None
    missing = app.test_cli_runner().invoke(
        users, ["reset-second-factor", "nobody@example.com", "--reason", "x"])
    assert missing.exit_code == 1 and "No user" in missing.output
