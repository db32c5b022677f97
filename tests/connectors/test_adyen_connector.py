"""The Adyen connector against the local Adyen: results, failures and secrets."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

import pytest

from connectors.payments import (
    ErrorKind,
    HealthCheckResult,
    PaymentConnector,
    PaymentProviderError,
)
from connectors.payments.adyen import (
    AdyenConnector,
    AdyenSettings,
)
from connectors.payments.build import build_payment_connector
from connectors.payments.local_adyen import (
    ExchangeRecorder,
    reset,
    run_local_adyen,
    set_failure,
)
from tests.connectors.conftest import (
    CHECKOUT_ONLY_KEY,
    DEMO_KEY,
    HMAC_KEY,
    MERCHANT,
    settings_for,
)

HTTP_LIBRARIES = ["requests", "urllib"]
MakeSettings = Callable[..., AdyenSettings]


def health_check(connector: AdyenConnector) -> HealthCheckResult:
    return connector.health_check("FR", "EUR", 2500, "fr-FR")


def method_settings(connector: AdyenConnector) -> Any:
    return connector.merchant_payment_method_settings()


CALLS = {"health_check": health_check, "method_settings": method_settings}


def assert_no_secret(text: str) -> None:
    assert DEMO_KEY not in text
    assert DEMO_KEY[:-4] not in text
    assert HMAC_KEY not in text


# --- success paths ---------------------------------------------------------------------


def test_factory_builds_an_adyen_connector(make_settings: MakeSettings) -> None:
    connector = build_payment_connector(make_settings())
    assert isinstance(connector, AdyenConnector)
    assert isinstance(connector, PaymentConnector)
    assert connector.provider == "adyen"


@pytest.mark.parametrize(
    ("country", "currency", "expected"),
    [
        ("FR", "EUR", ["scheme", "sepadirectdebit", "paypal"]),
        ("DE", "EUR", ["scheme", "sepadirectdebit", "paypal"]),
        ("ES", "EUR", ["scheme", "sepadirectdebit", "paypal"]),
        ("BE", "EUR", ["scheme", "bcmc", "bcmc_mobile", "sepadirectdebit", "paypal"]),
        ("PL", "PLN", ["scheme", "paypal", "blik", "onlineBanking_PL"]),
        ("IN", "INR", ["scheme", "upi_collect"]),
        ("MX", "MXN", ["scheme", "paypal", "oxxo"]),
        ("BR", "BRL", ["scheme", "pix", "boletobancario"]),
        ("CH", "CHF", ["scheme", "paypal", "twint"]),
    ],
)
@pytest.mark.parametrize("http_force", HTTP_LIBRARIES)
def test_health_check_reports_the_methods_offered(
    make_settings: MakeSettings, country: str, currency: str, expected: list[str], http_force: str
) -> None:
    connector = AdyenConnector(make_settings(), http_force=http_force)

    result = connector.health_check(country, currency, 1999, "en-GB")

    assert list(result.method_types) == expected
    assert result.ok
    assert (result.provider, result.country_code, result.currency) == ("adyen", country, currency)
    assert result.amount_minor == 1999 and result.shopper_locale == "en-GB"
    assert result.elapsed_ms >= 0


def test_health_check_names_methods_and_card_brands(make_settings: MakeSettings) -> None:
    result = AdyenConnector(make_settings()).health_check("fr", "eur", 1000, "fr-FR")

    cards = result.methods[0]
    assert (cards.type, cards.name) == ("scheme", "Cards")
    assert set(cards.brands) == {"visa", "mc", "amex", "cartebancaire"}
    assert {m.type: m.name for m in result.methods}["sepadirectdebit"] == "SEPA Direct Debit"


def test_health_check_of_a_country_with_nothing_set_up_is_not_ok(
    make_settings: MakeSettings,
) -> None:
    result = AdyenConnector(make_settings()).health_check("JP", "JPY", 1000, "ja-JP")

    assert result.methods == ()
    assert not result.ok


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("FRA", "EUR", 1, "fr-FR"), "country"),
        (("FR", "EURO", 1, "fr-FR"), "currency"),
        (("FR", "EUR", -1, "fr-FR"), "amount"),
        (("FR", "EUR", 1.5, "fr-FR"), "amount"),
    ],
)
def test_health_check_refuses_malformed_arguments(
    make_settings: MakeSettings, args: tuple[Any, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        AdyenConnector(make_settings()).health_check(*args)


def test_method_settings_lists_every_setting_with_its_fields(make_settings: MakeSettings) -> None:
    settings = AdyenConnector(make_settings()).merchant_payment_method_settings()

    assert len(settings) == 22
    by_type = {setting.type: setting for setting in settings}
    klarna = by_type["klarna"]
    assert klarna.id.startswith("PM")
    assert (klarna.allowed, klarna.enabled) == (True, True)
    assert klarna.countries == ("DE",) and klarna.currencies == ("EUR",)
    assert klarna.verification_status == "pending"
    assert not klarna.usable
    assert by_type["visa"].usable
    assert by_type["visa"].countries == ()  # no restriction
    assert not by_type["swish"].usable


@pytest.mark.parametrize(
    ("country", "currency", "expected"),
    [
        (
            "BE",
            "EUR",
            {"visa", "mc", "maestro", "bcmc", "bcmc_mobile", "sepadirectdebit", "paypal"},
        ),
        ("IN", "INR", {"visa", "mc", "upi_collect"}),
        ("PL", None, {"visa", "mc", "maestro", "paypal", "blik", "onlineBanking_PL"}),
        (None, "BRL", {"visa", "mc", "elo", "hipercard", "pix", "boletobancario"}),
    ],
)
def test_method_settings_filter_by_country_and_currency(
    make_settings: MakeSettings, country: str | None, currency: str | None, expected: set[str]
) -> None:
    settings = AdyenConnector(make_settings()).merchant_payment_method_settings(country, currency)

    assert {setting.type for setting in settings} == expected


def test_method_settings_follow_every_page(adyen_data: dict[str, Any]) -> None:
    methods = [
        {
            "id": f"PM{n:023d}",
            "type": "visa",
            "countries": ["FR"],
            "currencies": ["EUR"],
            "allowed": True,
            "enabled": True,
            "verificationStatus": "valid",
        }
        for n in range(230)
    ]
    adyen_data["merchantAccounts"][MERCHANT]["paymentMethods"] = methods
    recorder = ExchangeRecorder()
    with run_local_adyen(adyen_data, recorder=recorder) as base_url:
        settings = AdyenConnector(settings_for(base_url)).merchant_payment_method_settings()

    assert [s.id for s in settings] == [m["id"] for m in methods]
    queries = [exchange.query_string for exchange in recorder.exchanges]
    assert queries == [f"pageSize=100&pageNumber={page}" for page in (1, 2, 3)]


def test_method_settings_of_an_empty_account(adyen_data: dict[str, Any]) -> None:
    adyen_data["merchantAccounts"][MERCHANT]["paymentMethods"] = []
    with run_local_adyen(adyen_data) as base_url:
        assert AdyenConnector(settings_for(base_url)).merchant_payment_method_settings() == []


# --- failures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "kind", "phrase"),
    [
        ("401", ErrorKind.AUTHENTICATION, "refused the API key"),
        ("403", ErrorKind.PERMISSION, "may not be used"),
        ("422", ErrorKind.INVALID_REQUEST, "rejected the request as invalid"),
        ("500", ErrorKind.PROVIDER_UNAVAILABLE, "Adyen is having a problem"),
    ],
)
@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("http_force", HTTP_LIBRARIES)
def test_failure_modes_map_to_kinds(
    local_adyen: str,
    make_settings: MakeSettings,
    mode: str,
    kind: ErrorKind,
    phrase: str,
    call: str,
    http_force: str,
) -> None:
    connector = AdyenConnector(make_settings(), http_force=http_force)
    set_failure(local_adyen, {"mode": mode})

    with pytest.raises(PaymentProviderError) as caught:
        CALLS[call](connector)

    assert caught.value.kind is kind
    assert phrase in caught.value.message
    assert_no_secret(caught.value.message)
    assert_no_secret(repr(caught.value))


def test_authentication_failure_names_the_masked_key(
    local_adyen: str, make_settings: MakeSettings
) -> None:
    set_failure(local_adyen, {"mode": "401"})
    with pytest.raises(PaymentProviderError) as caught:
        health_check(AdyenConnector(make_settings()))
    assert "••••0001" in caught.value.message
    assert "test platform" in caught.value.message


def test_unknown_key_is_refused(make_settings: MakeSettings) -> None:
    secret = "AQE_not_a_configured_key_at_all_9f8e7d6c"
    connector = AdyenConnector(make_settings(api_key=secret))

    for call in CALLS.values():
        with pytest.raises(PaymentProviderError) as caught:
            call(connector)
        assert caught.value.kind is ErrorKind.AUTHENTICATION
        assert secret not in caught.value.message
        assert "••••7d6c" in caught.value.message


def test_key_without_the_management_role_is_a_permission_error(
    make_settings: MakeSettings,
) -> None:
    connector = AdyenConnector(make_settings(api_key=CHECKOUT_ONLY_KEY))

    assert health_check(connector).ok
    with pytest.raises(PaymentProviderError) as caught:
        method_settings(connector)
    assert caught.value.kind is ErrorKind.PERMISSION
    assert "Management API" in caught.value.message
    assert CHECKOUT_ONLY_KEY not in caught.value.message


def test_other_merchant_account_is_a_permission_error(make_settings: MakeSettings) -> None:
    connector = AdyenConnector(make_settings(merchant_account="SomeoneElsesAccount"))

    with pytest.raises(PaymentProviderError) as caught:
        health_check(connector)
    assert caught.value.kind is ErrorKind.PERMISSION
    assert "Invalid Merchant Account" in caught.value.message
    assert "SomeoneElsesAccount" in caught.value.message


def test_invalid_request_carries_adyens_message_without_secrets(
    local_adyen: str, make_settings: MakeSettings
) -> None:
    set_failure(
        local_adyen,
        {
            "mode": "422",
            "message": f"Country not configured (key {DEMO_KEY})",
            "errorCode": "14_0415",
        },
    )
    with pytest.raises(PaymentProviderError) as caught:
        health_check(AdyenConnector(make_settings()))

    assert "Country not configured" in caught.value.message
    assert "14_0415" in caught.value.message
    assert_no_secret(caught.value.message)


def test_failure_of_one_key_or_one_api_only(local_adyen: str, make_settings: MakeSettings) -> None:
    connector = AdyenConnector(make_settings())
    set_failure(local_adyen, {"mode": "500", "apis": ["management"]})
    assert health_check(connector).ok
    with pytest.raises(PaymentProviderError):
        method_settings(connector)

    reset(local_adyen)
    set_failure(local_adyen, {"mode": "401"}, api_key=CHECKOUT_ONLY_KEY)
    assert health_check(connector).ok
    with pytest.raises(PaymentProviderError) as caught:
        health_check(AdyenConnector(make_settings(api_key=CHECKOUT_ONLY_KEY)))
    assert caught.value.kind is ErrorKind.AUTHENTICATION


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("http_force", HTTP_LIBRARIES)
def test_slow_adyen_times_out(
    local_adyen: str, make_settings: MakeSettings, call: str, http_force: str
) -> None:
    connector = AdyenConnector(make_settings(timeout_seconds=0.3), http_force=http_force)
    set_failure(local_adyen, {"mode": "slow", "seconds": 5})

    with pytest.raises(PaymentProviderError) as caught:
        CALLS[call](connector)

    assert caught.value.kind is ErrorKind.TIMEOUT
    assert "did not answer within 0.3 seconds" in caught.value.message


def test_slightly_slow_adyen_still_answers(local_adyen: str, make_settings: MakeSettings) -> None:
    set_failure(local_adyen, {"mode": "slow", "seconds": 0.2})
    assert health_check(AdyenConnector(make_settings(timeout_seconds=3))).ok


@pytest.mark.parametrize("http_force", HTTP_LIBRARIES)
def test_connection_refused(http_force: str) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connector = AdyenConnector(settings_for(f"http://127.0.0.1:{port}"), http_force=http_force)

    for call in CALLS.values():
        with pytest.raises(PaymentProviderError) as caught:
            call(connector)
        assert caught.value.kind is ErrorKind.CONNECTION
        assert "connection refused" in caught.value.message
        assert f"127.0.0.1:{port}" in caught.value.message


def test_failures_are_logged_without_secrets(
    local_adyen: str, make_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    connector = AdyenConnector(make_settings())
    for mode in ("401", "403", "422", "500"):
        set_failure(local_adyen, {"mode": mode})
        for call in CALLS.values():
            with pytest.raises(PaymentProviderError):
                call(connector)

    assert "refused the API key" in caplog.text
    assert_no_secret(caplog.text)
