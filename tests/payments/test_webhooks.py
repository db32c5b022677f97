"""POST /webhooks/adyen: authentic items are stored once, raw; anything else stores nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from backoffice.payments import webhooks
from backoffice.payments.models import PaymentConnectorConfig, WebhookEvent
from connectors.payments.adyen import sign_notification_item
from tests.support.adyen import HMAC_KEY, MERCHANT
from tests.support.fixture_types import MakeApp, MakeConnector, NewDatabaseUrl, SignedIn

OTHER_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00"


def item(psp: str, event: str = "AUTHORISATION", *, key: str = HMAC_KEY,
         merchant: str = MERCHANT) -> dict[str, Any]:
    raw = {
        "additionalData": {"paymentMethodVariant": "visa"},
        "amount": {"currency": "EUR", "value": 2500},
        "eventCode": event,
        "eventDate": "2026-11-21T10:00:00+01:00",
        "merchantAccountCode": merchant,
        "merchantReference": f"ride-{psp}",
        "paymentMethod": "visa",
        "pspReference": psp,
        "reason": "",
        "success": "true",
    }
    return {"NotificationRequestItem": sign_notification_item(raw, key)}


def body(*items: dict[str, Any]) -> dict[str, Any]:
    return {"live": "false", "notificationItems": list(items)}


def stored(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(WebhookEvent))


def post(client: FlaskClient, payload: Any, **kwargs: Any) -> TestResponse:
    data = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return client.post("/webhooks/adyen", data=data,
                       content_type=kwargs.pop("content_type", "application/json"), **kwargs)


@pytest.fixture
def connector(make_connector: MakeConnector) -> PaymentConnectorConfig:
    return make_connector()


def test_valid_notification_is_accepted_and_stored_raw(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig) -> None:
    response = post(client, body(item("8815329842815468"), item("8815329842815469")))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "[accepted]"
    assert response.mimetype == "text/plain"
    events = db.scalars(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    assert [e.psp_reference for e in events] == ["8815329842815468", "8815329842815469"]
    first = events[0]
    assert first.connector_id == connector.id and first.event_code == "AUTHORISATION"
    assert first.success is True and first.live is False
    assert first.raw["NotificationRequestItem"]["merchantReference"] == "ride-8815329842815468"
    assert first.raw["NotificationRequestItem"]["additionalData"]["hmacSignature"]


def test_replay_is_stored_once(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig) -> None:
    payload = body(item("8815329842815468"))
    assert post(client, payload).status_code == 200
    assert post(client, payload).get_data(as_text=True) == "[accepted]"
    # The same event twice in one request, and another event code for the same payment.
    assert post(client, body(item("8815329842815468"), item("8815329842815468"),
                             item("8815329842815468", "CAPTURE"))).status_code == 200
    assert stored(db) == 2


def test_race_on_the_unique_constraint_counts_as_a_duplicate(
        db: Session, connector: PaymentConnectorConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = body(item("8815329842815468"))
    assert webhooks.receive(payload).stored == 1
    # Another server stored it between our check and our insert.
    monkeypatch.setattr(webhooks, "_exists", lambda key: False)
    outcome = webhooks.receive(payload)
    assert (outcome.stored, outcome.duplicates) == (0, 1)
    assert stored(db) == 1


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda i: i["additionalData"].update(hmacSignature="Zm9yZ2Vk"), id="forged"),
        pytest.param(lambda i: i["amount"].update(value=1), id="amount-changed"),
        pytest.param(lambda i: i["additionalData"].pop("hmacSignature"), id="no-signature"),
        pytest.param(lambda i: i["additionalData"].update(hmacSignature=""), id="empty-signature"),
        pytest.param(lambda i: i.pop("additionalData"), id="no-additionalData"),
        pytest.param(lambda i: i.pop("merchantAccountCode"), id="no-merchant"),
    ],
)
def test_forged_items_store_nothing(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig,
        tamper: Callable[[dict[str, Any]], object]) -> None:
    bad = item("8815329842815470")
    tamper(bad["NotificationRequestItem"])
    response = post(client, body(bad))
    assert response.status_code == 401
    assert response.get_json()["error"] == "Invalid HMAC signature."
    assert stored(db) == 0


def test_one_forged_item_among_several_rejects_all(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig) -> None:
    forged = item("8815329842815471", key=OTHER_KEY)
    response = post(client, body(item("8815329842815468"), forged, item("8815329842815469")))
    assert response.status_code == 401
    assert stored(db) == 0


def test_unknown_merchant_or_connector_without_hmac_key(
        client: FlaskClient, db: Session, make_connector: MakeConnector) -> None:
    make_connector(hmac_key=None)
    assert post(client, body(item("8815329842815468"))).status_code == 401
    assert post(client, body(item("8815329842815468", merchant="SomeoneElse"))).status_code == 401
    assert stored(db) == 0


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"not json at all", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        ("[1, 2]", "JSON object"),
        ("{}", "no notificationItems"),
        ('{"notificationItems": []}', "no notificationItems"),
    ],
)
def test_malformed_bodies_get_a_clear_400(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig, payload: str | bytes,
        words: str) -> None:
    response = post(client, payload)
    assert response.status_code == 400
    assert words in response.get_json()["error"]
    assert stored(db) == 0


def test_oversized_body_gets_413(
        client: FlaskClient, db: Session, connector: PaymentConnectorConfig) -> None:
    padding = "x" * (webhooks.MAX_WEBHOOK_BYTES + 10)
    payload = body(item("8815329842815468"))
    payload["padding"] = padding
    response = post(client, payload)
    assert response.status_code == 413
    assert "larger than" in response.get_json()["error"]
    assert stored(db) == 0


def test_webhook_needs_no_session_and_no_csrf(
        make_app: MakeApp, new_database_url: NewDatabaseUrl) -> None:
    from tests.conftest import migrate

    url = new_database_url()
    migrate(url)
    app = make_app(url, WTF_CSRF_ENABLED=True)
    # A fresh app with CSRF on: the webhook still gets through (to an empty database, so
    # the unknown connector answers 401, not 400 for CSRF).
    response = app.test_client().post(
        "/webhooks/adyen", data=json.dumps(body(item("1"))), content_type="application/json")
    assert response.status_code == 401


def test_console_shows_last_webhooks(
        client: FlaskClient, db: Session, signed_in: SignedIn,
        connector: PaymentConnectorConfig) -> None:
    assert post(client, body(item("8815329842815468", "CAPTURE"))).status_code == 200
    signed_in("finance")
    page = client.get(f"/payments/connectors/{connector.id}").get_data(as_text=True)
    assert "8815329842815468" in page and "CAPTURE" in page
    assert "Last heard from Adyen:" in page
    index = client.get("/payments/").get_data(as_text=True)
    assert "never" not in index
