"""A storm of Adyen notifications: genuine ones stored exactly once, forged ones never."""

import json
import random
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import func, select

from backoffice.core.db import db
from backoffice.payments import operations as payments
from backoffice.payments.models import WebhookEvent
from tests.payments.test_webhooks import HMAC_KEY, MERCHANT, OTHER_KEY, item
from tests.support.adyen import API_KEY
from tests.support.state import stored

GENUINE = 500
DUPLICATES = 250
FORGED = 150
MIXED = 100  # a genuine item and a forged one in the same request: all refused
SENDERS = 16


def _post(url: str, payload: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            assert response.read() == b"[accepted]"
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_storm(live_app: Flask, live_server: str) -> None:
    with live_app.app_context():
        from backoffice.countries.models import Country

        db.session.add(Country(code="FR", **stored("live"), currency="EUR",
                               timezone="Europe/Paris"))
        payments.save_connector(payments.ConnectorInput(
            name=MERCHANT, platform="test", merchant_account=MERCHANT,
            api_key=API_KEY, hmac_key=HMAC_KEY,
            countries=(("FR", "EUR"),)))
        db.session.commit()

    rng = random.Random(42)
    genuine = [item(f"G{n:015d}") for n in range(GENUINE)]
    requests = [("genuine", [g]) for g in genuine]
    requests += [("duplicate", [rng.choice(genuine)]) for _ in range(DUPLICATES)]
    requests += [("forged", [item(f"F{n:015d}", key=OTHER_KEY)]) for n in range(FORGED)]
    requests += [("mixed", [item(f"M{n:015d}"), item(f"X{n:015d}", key=OTHER_KEY)])
                 for n in range(MIXED)]
    rng.shuffle(requests)
    url = f"{live_server}/webhooks/adyen"
    with ThreadPoolExecutor(SENDERS) as pool:
        statuses = list(pool.map(
            lambda r: (r[0], _post(url, {"live": "false", "notificationItems": r[1]})),
            requests))

    by_kind: dict[str, set[int]] = {}
    for kind, status in statuses:
        by_kind.setdefault(kind, set()).add(status)
    assert by_kind["genuine"] == {200}
    assert by_kind["duplicate"] == {200}  # answered, but not stored again
    assert by_kind["forged"] == {401}
    assert by_kind["mixed"] == {401}
    with live_app.app_context():
        references = db.session.scalars(select(WebhookEvent.psp_reference)).all()
        assert len(references) == len(set(references)) == GENUINE
        assert all(ref.startswith("G") for ref in references)
        assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == GENUINE
    print(f"\nwebhooks sent {len(requests)}: stored {GENUINE}, duplicates {DUPLICATES}, "
          f"rejected {FORGED + MIXED}")
