

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.support.fixture_types import MakeApp, SignedIn


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_readyz_when_the_database_is_unreachable(make_app: MakeApp) -> None:
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert app.test_client().get("/healthz").status_code == 200


def test_losing_the_database_at_commit_is_a_clean_503(
        app: Flask, client: FlaskClient, signed_in: SignedIn,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    signed_in("admin")

    def broken_commit(self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Session, "commit", broken_commit)
    response = client.post("/users/new", data={"email": "n@example.com", "role": "viewer",
                                                "password": "long-enough-pass-1"})
    assert response.status_code == 503
    assert "cannot be reached" in response.get_data(as_text=True)
