"""Closes: locking people out by failing to sign in as them, and one address for everyone.

Failures are throttled per (account, address) with growing delays, so an attacker
elsewhere never slows the real user; each address has a ceiling against spraying; the
client's address is read through the reverse proxies the configuration trusts, and only
those.
"""

import pytest
from flask import Flask, Response, jsonify
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import throttling
from backoffice.config import ConfigError, build_config
from backoffice.core.permissions import public
from backoffice.core.security import client_address
from tests.accounts.factors import Clock
from tests.conftest import TEST_PASSWORD
from tests.support.fixture_types import MakeApp, MakeUser

ATTACKER = {"REMOTE_ADDR": "198.51.100.7"}
REAL_USER = {"REMOTE_ADDR": "203.0.113.5"}


def test_an_attacker_elsewhere_cannot_lock_out_the_real_user(
        app: Flask, make_user: MakeUser, clock: Clock) -> None:
    clock.freeze()
    user = make_user("admin")
    attacker = app.test_client()
    attacker.environ_base.update(ATTACKER)
    statuses = [attacker.post("/login", data={"email": user.email, "password": f"guess{n}"}
                              ).status_code for n in range(30)]
    assert statuses.count(429) == 30 - app.config["LOGIN_FREE_FAILURES"]
    real = app.test_client()
    real.environ_base.update(REAL_USER)
    response = real.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert real.get("/").status_code == 200


def test_delays_double_after_the_free_failures_up_to_a_ceiling(app: Flask) -> None:
    free = app.config["LOGIN_FREE_FAILURES"]
    first = app.config["LOGIN_FIRST_DELAY_SECONDS"]
    delays = [throttling.delay_after(n).total_seconds() for n in range(free + 12)]
    assert delays[:free] == [0] * free
    assert delays[free:free + 3] == [first, first * 2, first * 4]
    assert max(delays) == app.config["LOGIN_MAX_DELAY_SECONDS"]
    assert throttling.delay_after(10**9).total_seconds() == app.config["LOGIN_MAX_DELAY_SECONDS"]


def test_the_same_address_may_try_again_once_the_delay_is_over(
        app: Flask, client: FlaskClient, make_user: MakeUser, clock: Clock) -> None:
    user = make_user("viewer")
    for number in range(app.config["LOGIN_FREE_FAILURES"]):
        client.post("/login", data={"email": user.email, "password": f"wrong{number}"})
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}
                       ).status_code == 429
    clock.advance(seconds=app.config["LOGIN_FIRST_DELAY_SECONDS"] + 1)
    assert client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}
                       ).status_code == 302


def test_a_success_forgets_the_failures_of_that_address(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session) -> None:
    from backoffice.accounts.models import LoginAttempt

    user = make_user("viewer")
    client.post("/login", data={"email": user.email, "password": "wrong-one"})
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert db.query(LoginAttempt).filter_by(email=user.email).count() == 0


def test_an_address_spraying_many_accounts_hits_a_ceiling(app: Flask, make_user: MakeUser) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 5
    sprayer = app.test_client()
    sprayer.environ_base.update(ATTACKER)
    for number in range(5):
        sprayer.post("/login", data={"email": f"user{number}@example.com", "password": "x"})
    victim = make_user("viewer")
    response = sprayer.post("/login", data={"email": victim.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "from your address" in response.get_data(as_text=True)
    other = app.test_client()
    other.environ_base.update(REAL_USER)
    assert other.post("/login", data={"email": victim.email, "password": TEST_PASSWORD}
                      ).status_code == 302


def _address_app(make_app: MakeApp, database_url: str, hops: int) -> FlaskClient:
    app = make_app(database_url, PROXY_HOPS=hops)

    def whoami() -> Response:
        return jsonify(address=client_address())

    app.add_url_rule("/whoami", "whoami", public(whoami))
    return app.test_client()


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
        make_app: MakeApp, database_url: str) -> None:
    client = _address_app(make_app, database_url, hops=1)
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}  # the client wrote the first one
    response = client.get("/whoami", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.get_json() == {"address": "203.0.113.9"}


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(
        make_app: MakeApp, database_url: str) -> None:
    client = _address_app(make_app, database_url, hops=0)
    response = client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.get_json() == {"address": "10.0.0.2"}


@pytest.mark.parametrize("value", ["-1", "two", "9"])
def test_the_hop_count_is_checked(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BACKOFFICE_PROXY_HOPS", value)
    with pytest.raises(ConfigError, match="BACKOFFICE_PROXY_HOPS"):
        build_config({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
