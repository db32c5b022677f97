"""Helpers for tests of the second factor: a clock the test moves, enrolment, sign-in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.accounts import second_factor
from backoffice.accounts.models import User
from backoffice.core.db import utcnow
from tests.conftest import TEST_PASSWORD

# Modules whose notion of "now" the clock replaces: codes, sessions, throttling.
_CLOCKED = (
    "backoffice.accounts.second_factor",
    "backoffice.accounts.sessions",
    "backoffice.accounts.throttling",
)


class Clock:
    """Real time plus an offset: a test lets minutes pass without waiting for them.

    Frozen, it stands still, for a test whose outcome must not depend on its own speed.
    """

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen_at: datetime | None = None

    def now(self) -> datetime:
        return (self.frozen_at or utcnow()) + self.offset

    def freeze(self) -> None:
        self.frozen_at = utcnow()

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    for module in _CLOCKED:
        monkeypatch.setattr(f"{module}.utcnow", clock.now)
    return clock


@pytest.fixture
def second_factor_on(app: Flask) -> Flask:
    """The production setting: finance and admin accounts need an authenticator."""
    app.config["SECOND_FACTOR_ROLES"] = ["admin", "finance"]
    return app


def enrol(user: User, clock: Clock) -> tuple[pyotp.TOTP, list[str]]:
    """Give ``user`` an authenticator, as the set-up page would; its recovery codes."""
    secret = second_factor.new_secret()
    totp = pyotp.TOTP(secret)
    codes = second_factor.enrol(user, secret, totp.at(clock.now()), now=clock.now())
    return totp, codes


def next_code(totp: pyotp.TOTP, clock: Clock) -> str:
    """The code of the next time step (a code is accepted once, so each proof needs one)."""
    clock.advance(seconds=30)
    return totp.at(clock.now())


def sign_in_with_code(client: FlaskClient, user: User, totp: pyotp.TOTP, clock: Clock) -> None:
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"].startswith("/login/code"), response.status_code
    response = client.post("/login/code", data={"code": next_code(totp, clock)})
    assert response.status_code == 302, response.get_data(as_text=True)


def secret_on_page(html: str) -> str:
    return re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
