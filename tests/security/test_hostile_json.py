"""Hostile JSON bodies: a 400 (or 413) with a message, never a 500, never a traceback.

Closes the class "unbounded JSON": nesting that exhausts the parser's recursion, integers
past 64 bits, NaN and infinities, NUL characters and oversized bodies, on every reader:
the admin API (`json_body`), the unauthenticated Adyen webhook, and the console's own
JSON endpoints (`request.get_json()` through the app's request class). All of them go
through `backoffice.core.json_body.parse_json`.
"""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.payments.models import WebhookEvent
from tests.support.fixture_types import MakeUser, SignedIn, Translate

DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000
HOSTILE = [
    (DEEP_ARRAY, "nested more than 32 levels deep"),
    (DEEP_OBJECT, "nested more than 32 levels deep"),
    ('{"notificationItems": [], "n": 1180591620717411303424}', "Numbers must fit in 64 bits"),
    ('{"notificationItems": [], "n": -1180591620717411303424}', "Numbers must fit in 64 bits"),
    ('{"notificationItems": [], "n": 1' + "0" * 5000 + "}", "Numbers must fit in 64 bits"),
    ('{"notificationItems": [], "n": NaN}', "is not a JSON number"),
    ('{"notificationItems": [], "n": 1e999}', "Numbers must be finite"),
    ('{"notificationItems": ["\\u0000"]}', "NUL characters"),
]


@pytest.fixture
def bearer(make_user: MakeUser) -> dict[str, str]:
    _row, clear = tokens.create_token(make_user("admin"), "probe")
    return {"Authorization": f"Bearer {clear}"}


def no_traceback(caplog: pytest.LogCaptureFixture) -> bool:
    return not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize(("body", "message"), HOSTILE)
def test_the_admin_api_refuses_hostile_json(
        client: FlaskClient, bearer: dict[str, str], caplog: pytest.LogCaptureFixture, body: str,
        message: str) -> None:
    response = client.post("/api/v1/admin/countries", data=body, headers=bearer,
                           content_type="application/json")
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert no_traceback(caplog)


@pytest.mark.parametrize(("body", "message"), HOSTILE)
def test_the_webhook_refuses_hostile_json_without_a_traceback(
        client: FlaskClient, db: Session, caplog: pytest.LogCaptureFixture, body: str,
        message: str) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.post("/webhooks/adyen", data=body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert db.scalar(select(func.count()).select_from(WebhookEvent)) == 0
    assert no_traceback(caplog)


def test_an_oversized_admin_body_is_a_413(client: FlaskClient, bearer: dict[str, str]) -> None:
    body = '{"notes": "' + "x" * (1024 * 1024) + '"}'
    response = client.post("/api/v1/admin/countries", data=body, headers=bearer,
                           content_type="application/json")
    assert response.status_code == 413
    assert "larger than 1048576 bytes" in response.get_json()["error"]


def test_the_console_json_save_refuses_deep_json(
        client: FlaskClient, db: Session, signed_in: SignedIn, translate: Translate) -> None:
    from backoffice.catalogs.models import Message

    signed_in("translator", locales=("pl_PL",))
    catalog = translate("pl_PL")
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id))
    for body in (DEEP_ARRAY, '{"translations": ["x"], "version": 1180591620717411303424}'):
        response = client.post(f"/catalogs/api/messages/{message.id}", data=body,
                               content_type="application/json")
        assert response.status_code == 400
        assert "JSON object" in response.get_json()["error"]


def test_flask_get_json_is_bounded_too(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data=DEEP_ARRAY,
                                  content_type="application/json"):
        from flask import request

        assert request.get_json(silent=True) is None
