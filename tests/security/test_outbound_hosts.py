"""Stored Adyen keys go only to Adyen or to hosts the server's configuration names.

Closes the class "server-side request forgery with our credentials": a base URL edited in
the console or the admin API could send the stored ``X-API-Key`` to any host, and a fake
host answering with payment methods would pass the launch gates. Now an address must be
Adyen's own or match ``BACKOFFICE_ADYEN_URL_ALLOWLIST`` (configuration only: loopback by
default outside production, nothing in production); the connector checks every request
just before it is sent (`connectors/payments/adyen_hosts.py`); pointing a connector at a
new address needs the API key typed again; the change is audited with the addresses and
never the keys.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice import config
from backoffice.accounts import tokens
from backoffice.audit.models import AuditEvent
from backoffice.core.crypto import decrypt_secret
from backoffice.payments import operations
from backoffice.payments.models import HealthCheck, PaymentConnectorConfig
from connectors.payments import ErrorKind, PaymentProviderError
from connectors.payments.adyen import AdyenConnector, AdyenSettings, DisallowedHostError
from connectors.payments.adyen_hosts import LOOPBACK_ALLOWLIST, parse_allowlist, refusal
from connectors.payments.local_adyen import (
    ExchangeRecorder,
    checkout_base_url,
    load_data,
    management_base_url,
    run_local_adyen,
)
from tests.support.adyen import API_KEY, MERCHANT, save_local_connector
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn

LIVE_PREFIX = "1797a841fbb37ca7-AdyenDemo"
ATTACKER = "http://attacker.example:8080"


@pytest.fixture(scope="module")
def recorded_adyen() -> Iterator[tuple[str, ExchangeRecorder]]:
    """A local Adyen that answers with methods: what a fake host would do."""
    recorder = ExchangeRecorder()
    with run_local_adyen(load_data(), recorder=recorder) as base_url:
        yield base_url, recorder


@pytest.fixture
def fake_adyen(recorded_adyen: tuple[str, ExchangeRecorder]) -> tuple[str, ExchangeRecorder]:
    base_url, recorder = recorded_adyen
    recorder.clear()
    return base_url, recorder


@pytest.fixture
def connector(
        db: Session, fake_adyen: tuple[str, ExchangeRecorder],
        make_country: MakeCountry) -> PaymentConnectorConfig:
    make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                 currency="EUR")
    base_url, _recorder = fake_adyen
    row = save_local_connector(base_url)
    db.flush()
    return row


def form(row: PaymentConnectorConfig, **changes: Any) -> dict[str, Any]:
    data = {"name": row.name, "platform": row.platform, "merchant_account": row.merchant_account,
            "checkout_base_url": row.checkout_base_url or "",
            "management_base_url": row.management_base_url or "",
            "countries": "FR EUR", "reason": "moving"}
    data.update(changes)
    return data


# --- the rule ------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "platform", "allowlist"), [
    ("https://checkout-test.adyen.com/v72/paymentMethods", "test", ()),
    ("https://management-test.adyen.com/v3/merchants/X/paymentMethodSettings", "test", ()),
    ("https://management-live.adyen.com/v3/merchants/X", "live", ()),
    (f"https://{LIVE_PREFIX}-checkout-live.adyenpayments.com/checkout/v72", "live", ()),
    ("HTTPS://CHECKOUT-TEST.ADYEN.COM:443/v72", "test", ()),
    ("http://127.0.0.1:8099/checkout/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://[::1]:8099/checkout/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://localhost/checkout/v72", "test", LOOPBACK_ALLOWLIST),
    ("https://adyen.internal:8443/v72", "test", ("adyen.internal:8443",)),
    ("https://eu.adyen.internal/v72", "live", ("*.adyen.internal",)),
])
def test_adyen_and_allowlisted_hosts_are_accepted(url: str, platform: str,
                                                  allowlist: tuple[str, ...]) -> None:
    assert refusal(url, platform=platform, live_endpoint_prefix=LIVE_PREFIX,
                   allowlist=allowlist) is None


@pytest.mark.parametrize(("url", "platform", "allowlist"), [
    (ATTACKER + "/checkout/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://checkout-test.adyen.com/v72", "test", ()),  # Adyen, but not over HTTPS
    ("https://checkout-test.adyen.com:8443/v72", "test", ()),
    ("https://management-live.adyen.com/v3", "test", ()),  # the other platform's host
    ("https://checkout-test.adyen.com/v72", "live", ()),
    ("https://someone-else-checkout-live.adyenpayments.com/checkout/v72", "live", ()),
    ("https://checkout-test.adyen.com.attacker.example/v72", "test", ()),
    ("http://127.0.0.1:8099/checkout/v72", "test", ()),  # production: no allowlist
    ("http://127.0.0.1:8099@attacker.example/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://attacker.example\\@127.0.0.1/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://127.0.0.1%2f@attacker.example/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://127.0.0.1./v72", "test", LOOPBACK_ALLOWLIST),
    ("http://127.1:8099/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://xn--80ak6aa92e.com/v72", "test", LOOPBACK_ALLOWLIST),
    ("http://адyen.com/v72", "test", LOOPBACK_ALLOWLIST),
    ("https://adyen.internal:8444/v72", "test", ("adyen.internal:8443",)),
    ("https://adyen.internal/v72", "test", ("*.adyen.internal",)),
    ("file:///etc/passwd", "test", LOOPBACK_ALLOWLIST),
    ("gopher://127.0.0.1:8099/", "test", LOOPBACK_ALLOWLIST),
])
def test_every_other_address_is_refused(url: str, platform: str,
                                        allowlist: tuple[str, ...]) -> None:
    assert refusal(url, platform=platform, live_endpoint_prefix=LIVE_PREFIX,
                   allowlist=allowlist) is not None


@pytest.mark.parametrize("pattern", ["*", "*.com", "*.0.0.1", "host:0", "host:99999",
                                     "user@host", "http://host", "h_st", "*.[::1]"])
def test_allowlist_patterns_are_validated(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"pattern|wildcard|port"):
        parse_allowlist(pattern)


def test_the_allowlist_comes_from_configuration_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKOFFICE_ADYEN_URL_ALLOWLIST", raising=False)
    keys = {"SECRET_KEY": secrets.token_hex(32), "ENCRYPTION_KEY": Fernet.generate_key().decode()}
    assert config.build_config({**keys, "ENV": "production"})["ADYEN_URL_ALLOWLIST"] == ()
    assert config.build_config(keys)["ADYEN_URL_ALLOWLIST"] == LOOPBACK_ALLOWLIST
    monkeypatch.setenv("BACKOFFICE_ADYEN_URL_ALLOWLIST", "adyen.internal:8443, *.pay.internal")
    assert config.build_config({**keys, "ENV": "production"})["ADYEN_URL_ALLOWLIST"] == (
        "adyen.internal:8443", "*.pay.internal")
    monkeypatch.setenv("BACKOFFICE_ADYEN_URL_ALLOWLIST", "*")
    with pytest.raises(config.ConfigError, match="BACKOFFICE_ADYEN_URL_ALLOWLIST"):
        config.build_config(keys)


# --- the connector -------------------------------------------------------------------


def test_settings_refuse_a_base_url_outside_the_allowlist() -> None:
    with pytest.raises(DisallowedHostError) as caught:
        AdyenSettings(platform="test", api_key=API_KEY, merchant_account=MERCHANT,
                      checkout_base_url=ATTACKER + "/checkout/v72",
                      allowed_hosts=LOOPBACK_ALLOWLIST)
    assert caught.value.field == "checkout_base_url"
    assert API_KEY not in str(caught.value)


def test_the_guard_checks_the_address_the_sdk_is_about_to_send(
        fake_adyen: tuple[str, ExchangeRecorder], caplog: pytest.LogCaptureFixture) -> None:
    base_url, recorder = fake_adyen
    connector = AdyenConnector(AdyenSettings(
        platform="test", api_key=API_KEY, merchant_account=MERCHANT,
        checkout_base_url=checkout_base_url(base_url),
        management_base_url=management_base_url(base_url), allowed_hosts=LOOPBACK_ALLOWLIST))
    # Whatever changes the SDK's service address later, no request leaves for it.
    connector._adyen.checkout.payments_api.baseUrl = ATTACKER + "/checkout/v72"
    connector._adyen.management.payment_methods_merchant_level_api.baseUrl = ATTACKER
    caplog.set_level(logging.DEBUG)
    for call in (lambda: connector.health_check("FR", "EUR", 100, "fr-FR"),
                 connector.merchant_payment_method_settings):
        with pytest.raises(PaymentProviderError) as caught:
            call()
        assert caught.value.kind is ErrorKind.CONFIGURATION
        assert "Nothing was sent" in caught.value.message
    assert recorder.exchanges == []
    assert "attacker.example" in caplog.text and API_KEY not in caplog.text


def test_the_guard_sees_the_sdks_own_rewriting() -> None:
    # On test, the SDK turns "-live" into "-test" in every address: the host that would be
    # reached is no longer the one allowed, and the guard sees the rewritten one.
    connector = AdyenConnector(AdyenSettings(
        platform="test", api_key=API_KEY, merchant_account=MERCHANT,
        checkout_base_url="http://adyen-live.internal:8080/checkout/v72",
        allowed_hosts=("adyen-live.internal",)))
    sent: list[str] = []
    connector._adyen.client.http_client.inner.request = lambda method, url, **kw: sent.append(url)
    with pytest.raises(PaymentProviderError, match="adyen-test.internal"):
        connector.health_check("FR", "EUR", 100, "fr-FR")
    assert sent == []


# --- the console and the admin API ---------------------------------------------------


def test_a_new_base_url_needs_the_api_key_typed_again(
        client: FlaskClient, db: Session, signed_in: SignedIn,
        connector: PaymentConnectorConfig) -> None:
    signed_in("finance")
    before = (connector.checkout_base_url, connector.management_base_url)
    moved = "http://localhost:9/checkout/v72"  # an allowed host, but a new address
    response = client.post(f"/payments/connectors/{connector.id}",
                           data=form(connector, checkout_base_url=moved))
    assert response.status_code == 400
    assert "Enter the API key again to change the base URLs" in response.get_data(as_text=True)
    db.expire_all()
    assert (connector.checkout_base_url, connector.management_base_url) == before

    response = client.post(f"/payments/connectors/{connector.id}",
                           data=form(connector, checkout_base_url=moved, api_key=API_KEY))
    assert response.status_code == 302
    db.expire_all()
    assert connector.checkout_base_url == moved
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "payments.connector_updated")).one()
    assert event.before["checkout_base_url"] == before[0]
    assert event.after["checkout_base_url"] == moved
    assert API_KEY not in str((event.before, event.after)) and event.reason == "moving"


def test_the_form_refuses_a_host_outside_the_allowlist(
        client: FlaskClient, db: Session, signed_in: SignedIn,
        connector: PaymentConnectorConfig) -> None:
    signed_in("finance")
    response = client.post(f"/payments/connectors/{connector.id}", data=form(
        connector, checkout_base_url=ATTACKER + "/checkout/v72", api_key=API_KEY))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "this server sends Adyen keys only to" in page
    assert "BACKOFFICE_ADYEN_URL_ALLOWLIST" in page
    db.expire_all()
    assert "attacker" not in connector.checkout_base_url


def test_going_back_to_adyens_own_addresses_needs_no_key(
        client: FlaskClient, db: Session, signed_in: SignedIn,
        connector: PaymentConnectorConfig) -> None:
    signed_in("finance")
    response = client.post(f"/payments/connectors/{connector.id}", data=form(
        connector, checkout_base_url="", management_base_url=""))
    assert response.status_code == 302
    db.expire_all()
    assert connector.checkout_base_url is None and connector.management_base_url is None
    assert decrypt_secret(connector.api_key_encrypted) == API_KEY


def test_without_an_allowlist_the_form_offers_no_base_url(
        app: Flask, client: FlaskClient, db: Session, signed_in: SignedIn,
        connector: PaymentConnectorConfig) -> None:
    app.config["ADYEN_URL_ALLOWLIST"] = ()  # as in production by default
    signed_in("finance")
    page = client.get(f"/payments/connectors/{connector.id}").get_data(as_text=True)
    assert 'name="checkout_base_url"' not in page and 'name="management_base_url"' not in page
    page = client.get("/payments/connectors/new").get_data(as_text=True)
    assert 'name="checkout_base_url"' not in page
    # A submitted address is ignored: the connector goes back to Adyen's own.
    response = client.post("/payments/connectors/new", data={
        "name": "Other", "platform": "test", "merchant_account": "CarpoolOther",
        "api_key": API_KEY, "checkout_base_url": ATTACKER + "/checkout/v72"})
    assert response.status_code == 302
    created = db.scalar(select(PaymentConnectorConfig).where(
        PaymentConnectorConfig.name == "Other"))
    assert created.checkout_base_url is None


def test_a_stored_address_the_allowlist_no_longer_names_is_never_called(
        app: Flask, db: Session, fake_adyen: tuple[str, ExchangeRecorder],
        connector: PaymentConnectorConfig) -> None:
    _base_url, recorder = fake_adyen
    app.config["ADYEN_URL_ALLOWLIST"] = ()
    check = operations.run_health_check("FR")
    assert not check.ok and check.error_kind == "configuration"
    assert recorder.exchanges == []
    assert db.scalar(select(HealthCheck.ok).where(HealthCheck.id == check.id)) is False


@pytest.fixture
def finance_token(make_user: MakeUser) -> dict[str, str]:
    _row, clear = tokens.create_token(make_user("finance"), "ci")
    return {"Authorization": f"Bearer {clear}"}


def api_body(row: PaymentConnectorConfig, **changes: Any) -> dict[str, Any]:
    body = {"name": row.name, "platform": row.platform, "merchant_account": row.merchant_account,
            "checkout_base_url": row.checkout_base_url,
            "management_base_url": row.management_base_url,
            "countries": [{"country": "FR", "currency": "EUR"}]}
    body.update(changes)
    return body


def test_the_admin_api_follows_the_same_rules(
        client: FlaskClient, db: Session, finance_token: dict[str, str],
        connector: PaymentConnectorConfig) -> None:
    url = f"/api/v1/admin/payments/connectors/{connector.id}"
    moved = "http://127.0.0.1:9/management/v3"
    response = client.put(url, headers=finance_token,
                          json=api_body(connector, management_base_url=moved))
    assert response.status_code == 400
    assert response.get_json()["field"] == "api_key"

    response = client.put(url, headers=finance_token, json=api_body(
        connector, checkout_base_url=ATTACKER + "/checkout/v72", api_key=API_KEY))
    assert response.status_code == 400
    assert response.get_json()["field"] == "checkout_base_url"

    response = client.put(url, headers=finance_token,
                          json=api_body(connector, management_base_url="x" * 301))
    assert response.status_code == 400

    response = client.put(url, headers=finance_token,
                          json=api_body(connector, management_base_url=moved, api_key=API_KEY))
    assert response.status_code == 200
    assert response.get_json()["management_base_url"] == moved
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "payments.connector_updated")).one()
    assert event.after == {"api_key": "[redacted]", "management_base_url": moved}
