import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backoffice.accounts.models import User
from backoffice.app import create_app
from tests.support.fixture_types import MakeApp, SignedIn


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_pages_have_no_inline_script(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    for path in ("/", "/users/", "/audit/", "/profile", "/users/new"):
        html = client.get(path).get_data(as_text=True)
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert " style=" not in html, path
        # An SVG namespace is a name, not a request.
        html = html.replace("http://localhost", "")
        html = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "http://" not in html, path


def test_csrf_is_enforced_when_enabled(database_url: str, make_app: MakeApp) -> None:
    """The other tests switch CSRF off; this one proves it is on in a real configuration."""
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.com", "password": "x"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": "a@example.com", "password": "x", "csrf_token": token}
    )
    assert response.status_code == 200
    assert "Invalid email or password." in response.get_data(as_text=True)


def test_csrf_failure_writes_nothing(database_url: str, make_app: MakeApp) -> None:
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from backoffice.core.db import db

        before = db.session.query(User).count()
    response = app.test_client().post(
        "/users/new", data={"email": "z@example.com", "role": "admin", "password": "x" * 20}
    )
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.query(User).count() == before


def test_errors_do_not_leak_internals(app: Flask, client: FlaskClient, signed_in: SignedIn) -> None:
    def boom() -> None:
        raise RuntimeError("database password is hunter2")

    from backoffice.core.permissions import public

    app.add_url_rule("/boom", "boom", public(boom))
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "hunter2" not in body and "Traceback" not in body
    assert "Nothing was changed" in body


def test_unknown_page_is_a_clean_404(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "does not exist" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice.config import ConfigError

    monkeypatch.delenv("BACKOFFICE_SECRET_KEY", raising=False)
    monkeypatch.delenv("BACKOFFICE_ENCRYPTION_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV": "production", "DATABASE_URL": "sqlite://"})
    with pytest.raises(ConfigError, match="ENCRYPTION_KEY"):
        create_app({"ENV": "production", "SECRET_KEY": "ab12cd34ef56" * 6,
                    "DATABASE_URL": "sqlite://"})


def test_nul_characters_are_refused_cleanly(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    assert client.get("/audit/?actor=a%00b").status_code == 400
    response = client.post("/users/new", data={"email": "a\x00@example.com", "role": "admin",
                                               "password": "long-enough-pass-1"})
    assert response.status_code == 400
