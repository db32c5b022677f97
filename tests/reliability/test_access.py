"""Every route, every role: the expected allow or deny, and never a secret in an answer."""

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from backoffice.accounts import tokens
from backoffice.accounts.models import User
from backoffice.core.permissions import Role, declared_access, role_has
from backoffice.payments import operations as payments
from tests.conftest import sign_in
from tests.support.fixture_types import MakeCountry, MakeUser

API_KEY = "secret_api_key_for_the_access_test_0001"
HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
ROLES = [role.value for role in Role]


def _fill(rule: Rule) -> str | None:
    """A concrete URL for the rule, with known objects for its arguments."""
    values = {"code": "FR", "locale": "fr_FR", "domain": "app", "period": "2026-Q2",
              "user_id": 1, "connector_id": 1, "change_id": 1, "token_id": 1,
              "name": "onfido", "number": 1, "version": 1, "batch_id": 1, "message_id": 1,
              "catalog_id": 1, "filename": "console.css"}
    if any(arg not in values for arg in rule.arguments):
        return None
    return rule.build({arg: values[arg] for arg in rule.arguments}, append_unknown=False)[1]


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static"):
            continue
        access = declared_access(app.view_functions[rule.endpoint])
        url = _fill(rule)
        if url is not None and access is not None:
            routes.append((rule.endpoint, url, access))
    return routes


@pytest.fixture
def world(db: Session, make_country: MakeCountry, make_user: MakeUser) -> dict[str, User]:
    make_country(code="FR", stage="live", locales=("fr_FR",), currency="EUR",
                 timezone="Europe/Paris")
    payments.save_connector(payments.ConnectorInput(
        name="Main", platform="test", merchant_account="CarpoolDemo", api_key=API_KEY,
        hmac_key=HMAC_KEY, countries=(("FR", "EUR"),)))
    db.flush()
    return {role: make_user(role, locales=("fr_FR",) if role in ("translator", "reviewer")
                            else ()) for role in ROLES}


def test_every_console_and_api_route_for_every_role(app: Flask, world: dict[str, User]) -> None:
    routes = _routes(app)
    assert len(routes) > 25
    checked = 0
    for role, user in world.items():
        client = app.test_client()
        sign_in(client, user)
        _row, clear = tokens.create_token(user, "access") if role != "viewer" else (None, None)
        for _endpoint, url, access in routes:
            is_admin_api = url.startswith("/api/v1/admin/")
            headers = {"Authorization": f"Bearer {clear}"} if is_admin_api and clear else {}
            response = client.get(url, headers=headers)
            body = response.get_data(as_text=True)
            assert response.status_code != 500, (role, url)
            assert API_KEY not in body and HMAC_KEY not in body, (role, url)
            if access == "public":
                continue
            allowed = role_has(role, access)
            if is_admin_api and clear is None:
                assert response.status_code == 401, (role, url)
            elif allowed:
                assert response.status_code != 403, (role, url, access)
            else:
                assert response.status_code == 403, (role, url, access, response.status_code)
            checked += 1
    assert checked > 100


def test_anonymous_gets_sign_in_or_401(app: Flask, world: dict[str, User]) -> None:
    client = app.test_client()
    for _endpoint, url, access in _routes(app):
        if access == "public":
            continue
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login"), url


def test_revoked_token_is_refused_everywhere(app: Flask, world: dict[str, User]) -> None:
    user = world["admin"]
    row, clear = tokens.create_token(user, "soon revoked")
    tokens.revoke_token(user, row.id)
    client = app.test_client()
    for _endpoint, url, _access in _routes(app):
        if url.startswith("/api/v1/admin/"):
            response = client.get(url, headers={"Authorization": f"Bearer {clear}"})
            assert response.status_code == 401, url

