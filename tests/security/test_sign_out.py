"""Closes: a session that outlives signing out (a copied cookie kept working for 12 hours).

Sessions are kept server-side (``accounts.sessions``); signing out ends this browser's,
and a cookie naming an ended or expired session opens nothing, from any browser.
"""

from flask import Flask
from sqlalchemy.orm import Session

from backoffice.accounts.models import UserSession
from tests.accounts.factors import Clock
from tests.conftest import sign_in
from tests.support.fixture_types import MakeUser


def test_a_cookie_copied_before_sign_out_opens_nothing_after(
        app: Flask, make_user: MakeUser, db: Session) -> None:
    user = make_user("viewer")
    browser = app.test_client()
    sign_in(browser, user)
    copied = browser.get_cookie("session").value
    assert browser.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/").status_code == 302
    assert thief.get("/profile").headers["Location"].startswith("/login")
    row = db.query(UserSession).filter_by(user_id=user.id).one()
    assert row.ended_at is not None and row.end_reason == "signed_out"


def test_signing_out_ends_this_browser_only(app: Flask, make_user: MakeUser) -> None:
    user = make_user("viewer")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user)
    laptop.post("/logout")
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 200


def test_a_session_ends_after_its_lifetime_whatever_the_cookie_says(
        app: Flask, make_user: MakeUser, clock: Clock) -> None:
    user = make_user("viewer")
    browser = app.test_client()
    sign_in(browser, user)
    clock.advance(seconds=app.config["PERMANENT_SESSION_LIFETIME"] + 60)
    assert browser.get("/").status_code == 302


def test_a_forged_session_id_opens_nothing(app: Flask, make_user: MakeUser) -> None:
    sign_in(app.test_client(), make_user("viewer"))
    forger = app.test_client()
    with forger.session_transaction() as cookie:
        cookie["sid"] = "guessed-" + "x" * 40
        cookie["_user_id"] = "1"
    assert forger.get("/").status_code == 302
