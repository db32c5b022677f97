import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.core.permissions import ROLE_PERMISSIONS, Permission, Role, declared_access
from tests.support.fixture_types import MakeUser, SignedIn


def test_every_endpoint_declares_its_access(app: Flask) -> None:
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not endpoint.endswith(".static")
        and declared_access(view) is None
    ]
    assert undeclared == []


def test_an_undeclared_view_is_denied(app: Flask, signed_in: SignedIn, client: FlaskClient) -> None:
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    signed_in("admin")
    assert client.get("/forgotten").status_code == 403


def test_admin_holds_every_permission() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", {"admin", "launch_manager", "translator", "reviewer", "finance", "viewer"}),
        ("/users/", {"admin"}),
        ("/users/new", {"admin"}),
        ("/audit/", {"admin", "launch_manager", "finance"}),
        ("/audit/export.csv", {"admin", "launch_manager", "finance"}),
        ("/profile", {"admin", "launch_manager", "translator", "reviewer", "finance", "viewer"}),
    ],
)
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_role_matrix(
        app: Flask, make_user: MakeUser, path: str, allowed: set[str], role: str) -> None:
    from tests.conftest import sign_in

    client = app.test_client()
    sign_in(client, make_user(role))
    status = client.get(path).status_code
    assert (status == 200) == (role in allowed), (role, path, status)
    if role not in allowed:
        assert status == 403


@pytest.mark.parametrize("path", ["/", "/users/", "/audit/", "/profile"])
def test_anonymous_is_sent_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
