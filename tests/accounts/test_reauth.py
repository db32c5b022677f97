"""Sensitive actions ask for a fresh confirmation (``@requires_recent_confirmation``)."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts.models import ApiToken, LoginAttempt, User
from backoffice.accounts.reauth import CONFIRMATION_FIELD, requires_recent_confirmation
from backoffice.api.auth import api_requires
from backoffice.core.permissions import UNSCOPED, Permission
from tests.accounts.factors import Clock, enrol, next_code, sign_in_with_code
from tests.conftest import TEST_PASSWORD, sign_in
from tests.support.fixture_types import MakeUser

# The actions that must ask: money, the kill switch, connectors, users, tokens, factors.
SENSITIVE_ENDPOINTS = [
    "payments.approve",
    "payments.kill",
    "payments.connector_new",
    "payments.connector",
    "accounts.user_create",
    "accounts.user_edit",
    "accounts.user_reset_second_factor",
    "accounts.token_create",
    "accounts.token_revoke",
    "accounts.recovery_codes_renew",
    "accounts.second_factor_replace",
]


def _hidden_fields(html: str) -> dict[str, str]:
    form = html[html.index('id="confirm-form"'):]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


@pytest.mark.parametrize("endpoint", SENSITIVE_ENDPOINTS)
def test_sensitive_routes_declare_the_confirmation(app: Flask, endpoint: str) -> None:
    view = app.view_functions[endpoint]
    assert getattr(view, "requires_confirmation", False), endpoint
    assert getattr(view, "required_permission", None), endpoint  # stacked under requires


def test_a_stale_confirmation_asks_then_carries_the_action_out(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("launch_manager")
    sign_in(client, user)
    clock.advance(minutes=6)
    data = {"name": "product CI", "days": "30", "scope": "catalogs"}
    response = client.post("/profile/tokens", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Confirm it is you" in html
    assert 'type="password"' in html  # no authenticator: the password
    assert db.query(ApiToken).count() == 0  # nothing done yet
    fields = _hidden_fields(html)
    assert fields == data  # what was submitted comes back with the confirmation
    response = client.post("/profile/tokens", data={**fields, CONFIRMATION_FIELD: TEST_PASSWORD})
    assert response.status_code == 302
    token = db.query(ApiToken).one()
    assert (token.name, token.scope) == ("product CI", "catalogs")
    # Confirmed: the next action within the window goes straight through.
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 302


def test_a_wrong_confirmation_does_nothing_and_counts(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    user = make_user("launch_manager")
    sign_in(client, user)
    clock.advance(minutes=6)
    response = client.post("/profile/tokens", data={"name": "ci", CONFIRMATION_FIELD: "nope"})
    assert response.status_code == 200
    assert "This password is not right." in response.get_data(as_text=True)
    assert db.query(ApiToken).count() == 0
    assert db.query(LoginAttempt).filter_by(email=user.email).count() == 1


def test_people_with_an_authenticator_confirm_with_its_code(
        client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock,
        second_factor_on: Flask) -> None:
    admin = make_user("admin")
    totp, _codes = enrol(admin, clock)
    sign_in_with_code(client, admin, totp, clock)
    clock.advance(minutes=10)
    data = {"email": "new@example.com", "role": "viewer", "password": "long-enough-pass-1"}
    page = client.post("/users/new", data=data).get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page
    assert db.query(User).filter_by(email="new@example.com").count() == 0
    assert client.post("/users/new", data={**data, CONFIRMATION_FIELD: TEST_PASSWORD}
                       ).status_code == 200  # the password is not the code
    response = client.post("/users/new", data={**data,
                                               CONFIRMATION_FIELD: next_code(totp, clock)})
    assert response.status_code == 302
    assert db.query(User).filter_by(email="new@example.com").one().role == "viewer"


def test_reading_is_never_asked(client: FlaskClient, make_user: MakeUser, clock: Clock) -> None:
    sign_in(client, make_user("admin"))
    clock.advance(hours=1)
    response = client.get("/users/new")
    assert response.status_code == 200 and "Confirm it is you" not in response.get_data(
        as_text=True)


def test_the_window_is_configurable(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    app.config["REAUTH_MINUTES"] = 30
    sign_in(client, make_user("launch_manager"))
    clock.advance(minutes=20)
    assert client.post("/profile/tokens", data={"name": "ci"}).status_code == 302
    assert db.query(ApiToken).count() == 1


def test_bearer_token_calls_are_not_asked(
        app: Flask, client: FlaskClient, make_user: MakeUser, db: Session, clock: Clock) -> None:
    from backoffice.accounts import tokens

    def ping() -> dict[str, bool]:
        return {"done": True}

    view = api_requires(Permission.AUDIT_READ, scope=UNSCOPED)(requires_recent_confirmation(ping))
    app.add_url_rule("/api/v1/admin/ping", "ping", view, methods=["POST"])
    _token, clear = tokens.create_token(make_user("launch_manager"), "ci")
    clock.advance(hours=2)
    response = client.post("/api/v1/admin/ping", headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 200 and response.get_json() == {"done": True}
