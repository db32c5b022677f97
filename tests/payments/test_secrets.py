"""Keys are encrypted at rest, shown as their last 4 characters, and redacted in the audit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from backoffice import config
from backoffice.audit.models import AuditEvent
from backoffice.core.crypto import decrypt_secret
from backoffice.payments import operations
from backoffice.payments.models import PaymentConnectorConfig
from tests.support.adyen import API_KEY, HMAC_KEY
from tests.support.fixture_types import MakeConnector, MakeCountry, SignedIn

NEW_KEY = "AQEyhmfxK4-another-key-for-rotation-9876"


def test_keys_are_encrypted_at_rest(db: Session, make_connector: MakeConnector) -> None:
    connector = make_connector()
    row = db.execute(
        text("SELECT api_key_encrypted, hmac_key_encrypted, api_key_hint, hmac_key_hint "
             "FROM payment_connectors WHERE id = :id"), {"id": connector.id}
    ).one()
    assert API_KEY not in row.api_key_encrypted and HMAC_KEY not in row.hmac_key_encrypted
    assert API_KEY[:-4] not in " ".join(row)
    assert row.api_key_hint == "0001" and row.hmac_key_hint == HMAC_KEY[-4:]
    assert decrypt_secret(row.api_key_encrypted) == API_KEY
    assert decrypt_secret(row.hmac_key_encrypted) == HMAC_KEY


def test_pages_show_only_the_last_four_characters(
        client: FlaskClient, signed_in: SignedIn, make_connector: MakeConnector) -> None:
    connector = make_connector()
    signed_in("finance")
    for path in ("/payments/", f"/payments/connectors/{connector.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "••••0001" in page
        assert API_KEY not in page and HMAC_KEY not in page
        assert API_KEY[:12] not in page


def test_audit_shows_keys_only_as_redacted(
        db: Session, client: FlaskClient, signed_in: SignedIn,
        make_connector: MakeConnector) -> None:
    connector = make_connector()
    signed_in("finance")
    response = client.post(f"/payments/connectors/{connector.id}", data={
        "name": connector.name, "platform": "test", "merchant_account": connector.merchant_account,
        "api_key": NEW_KEY, "checkout_base_url": connector.checkout_base_url,
        "management_base_url": connector.management_base_url, "countries": "FR EUR",
        "reason": "key rotation",
    })
    assert response.status_code == 302
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "payment_connector")
                        ).all()
    assert [e.action for e in events] == ["payments.connector_created",
                                          "payments.connector_updated"]
    created, updated = events
    assert created.after["api_key"] == "[redacted]" and created.after["hmac_key"] == "[redacted]"
    assert updated.before == {"api_key": "[redacted]"}
    assert updated.after == {"api_key": "[redacted]"}
    assert updated.reason == "key rotation"
    dump = " ".join(str((e.before, e.after)) for e in db.scalars(select(AuditEvent)))
    for secret in (API_KEY, HMAC_KEY, NEW_KEY, "0001", "9876"):
        assert secret not in dump
    stored = db.get(PaymentConnectorConfig, connector.id)
    assert decrypt_secret(stored.api_key_encrypted) == NEW_KEY
    assert decrypt_secret(stored.hmac_key_encrypted) == HMAC_KEY  # empty field kept the key


def test_keys_never_reach_the_log(
        caplog: pytest.LogCaptureFixture, db: Session, make_country: MakeCountry,
        make_connector: MakeConnector, adyen: str) -> None:
    from connectors.payments.local_adyen import set_failure

    make_country("FR")
    make_connector()
    caplog.set_level(logging.DEBUG)
    set_failure(adyen, {"mode": "403"})
    operations.run_health_check("FR")
    set_failure(adyen, {"mode": "401"})
    check = operations.run_health_check("FR")
    assert check.error_kind == "authentication"
    assert caplog.records
    for secret in (API_KEY, HMAC_KEY):
        assert secret not in caplog.text
        assert secret not in (check.error_message or "")


def test_development_key_is_generated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("BACKOFFICE_ENCRYPTION_KEY", raising=False)
    first = config.build_config({"SECRET_KEY": "x"})["ENCRYPTION_KEY"]
    second = config.build_config({"SECRET_KEY": "x"})["ENCRYPTION_KEY"]
    assert first == second == (tmp_path / "encryption_key").read_text().strip()
    assert (tmp_path / "encryption_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKOFFICE_ENCRYPTION_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="BACKOFFICE_ENCRYPTION_KEY"):
        config.build_config({"ENV": "production", "SECRET_KEY": "ab12cd34ef56" * 6})
