"""The Adyen connector's settings and secrets: what it refuses before any call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connectors.payments import (
    ErrorKind,
    PaymentProviderError,
    mask_secret,
)
from connectors.payments.adyen import (
    AdyenConnector,
    AdyenSettings,
    InvalidSettingsError,
)
from tests.connectors.conftest import (
    DEMO_KEY,
    HMAC_KEY,
    MERCHANT,
    settings_for,
)
from tests.connectors.test_adyen_connector import assert_no_secret, health_check

MakeSettings = Callable[..., AdyenSettings]

# --- settings and secrets --------------------------------------------------------------


def test_live_platform_requires_the_endpoint_prefix() -> None:
    with pytest.raises(InvalidSettingsError, match="live endpoint prefix") as caught:
        AdyenSettings(platform="live", api_key=DEMO_KEY, merchant_account=MERCHANT)
    assert caught.value.kind is ErrorKind.CONFIGURATION
    assert isinstance(caught.value, ValueError)
    assert_no_secret(str(caught.value))


def test_live_platform_calls_the_prefixed_live_hosts() -> None:
    settings = AdyenSettings(
        platform="live",
        api_key=DEMO_KEY,
        merchant_account=MERCHANT,
        live_endpoint_prefix="1797a841fbb37ca7-AdyenDemo",
    )
    connector = AdyenConnector(settings)
    client = connector._adyen.client
    calls: list[str] = []

    def fake_request(method: str, url: str, **kwargs: Any) -> tuple[str, Any, int, dict]:
        calls.append(url)
        body = (
            '{"paymentMethods": []}' if "checkout" in url else '{"itemsTotal": 0, "pagesTotal": 0}'
        )
        return body, None, 200, {}

    client.http_client.inner.request = fake_request

    connector.health_check("FR", "EUR", 100, "fr-FR")
    connector.merchant_payment_method_settings()

    assert calls == [
        "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72"
        "/paymentMethods",
        f"https://management-live.adyen.com/v3/merchants/{MERCHANT}/paymentMethodSettings"
        "?pageSize=100&pageNumber=1",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"platform": "prod"}, "'test' or 'live'"),
        ({"api_key": " "}, "API key is missing"),
        ({"merchant_account": "Carpool/../x"}, "merchant account"),
        ({"platform": "live", "live_endpoint_prefix": "evil.example.com/"}, "prefix"),
        ({"hmac_key": "not-hex"}, "hexadecimal"),
        ({"checkout_base_url": "ftp://127.0.0.1/checkout/v72"}, "http"),
        ({"management_base_url": "http://user:pw@127.0.0.1/management/v3"}, "credentials"),
        ({"timeout_seconds": 0}, "time-out"),
    ],
)
def test_settings_are_validated(overrides: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {"platform": "test", "api_key": DEMO_KEY, "merchant_account": MERCHANT}
    with pytest.raises(InvalidSettingsError, match=message) as caught:
        AdyenSettings(**{**values, **overrides})
    assert_no_secret(str(caught.value))


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("AQEyhmfxK4_very_long_api_key_abcd", "••••abcd"),
        (HMAC_KEY, "••••A056"),
        ("short", "••••"),
        ("", "(not set)"),
        (None, "(not set)"),
    ],
)
def test_mask_secret(value: str | None, masked: str) -> None:
    assert mask_secret(value) == masked


def test_settings_and_connector_reprs_mask_secrets(make_settings: MakeSettings) -> None:
    settings = make_settings()
    connector = AdyenConnector(settings)

    for text in (repr(settings), str(settings), repr(connector), f"{settings}"):
        assert_no_secret(text)
        assert "••••0001" in text and "••••A056" in text


def test_verify_notification_needs_an_hmac_key(make_settings: MakeSettings) -> None:
    connector = AdyenConnector(make_settings(hmac_key=None))
    assert connector.verify_notification({"notificationItems": []}) is False


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (
            400,
            '{"status": 400, "errorCode": "702", "message": "Unable to parse"}',
            "invalid_request",
        ),
        (404, "Not Found", "configuration"),
        (429, "{}", "provider_unavailable"),
        (502, "<html>Bad gateway</html>", "provider_unavailable"),
        (503, "", "provider_unavailable"),
        (418, "{}", "unexpected"),
    ],
)
def test_statuses_the_local_server_never_sends(status: int, body: str, kind: str) -> None:
    connector = AdyenConnector(settings_for("http://127.0.0.1:9"))
    client = connector._adyen.client
    client.http_client.inner.request = lambda *args, **kwargs: (body, None, status, {})

    with pytest.raises(PaymentProviderError) as caught:
        health_check(connector)

    assert caught.value.kind == kind
    assert str(status) in caught.value.message or kind in ("invalid_request", "configuration")
    assert_no_secret(caught.value.message)
