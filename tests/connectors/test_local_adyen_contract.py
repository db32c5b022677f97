"""The local Adyen speaks exactly what Adyen documents, and so does the connector.

Every exchange the connector's real calls produce (successes and every failure mode) is
recorded by the server and then validated, request and response, against Adyen's official
OpenAPI documents with openapi-core. The documents name Adyen's hosts as servers, so each
recorded local path (`/checkout/v72/...`) is re-based onto the document's own server URL
(`https://checkout-test.adyen.com/v72/...`) before validation; the documents stay as
published.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlsplit
from urllib.request import Request, urlopen

import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers, ImmutableMultiDict

from connectors.payments import ErrorKind, PaymentProviderError
from connectors.payments.adyen import AdyenConnector
from connectors.payments.local_adyen import (
    CHECKOUT_PATH,
    MANAGEMENT_PATH,
    Exchange,
    ExchangeRecorder,
    load_data,
    reset,
    run_local_adyen,
    set_failure,
)
from tests.connectors.conftest import (
    CHECKOUT_ONLY_KEY,
    DEMO_KEY,
    MERCHANT,
    openapi_document,
    settings_for,
)

COUNTRIES = [
    ("FR", "EUR", "fr-FR"),
    ("DE", "EUR", "de-DE"),
    ("ES", "EUR", "es-ES"),
    ("BE", "EUR", "nl-BE"),
    ("PL", "PLN", "pl-PL"),
    ("IN", "INR", "en-IN"),
    ("MX", "MXN", "es-MX"),
    ("BR", "BRL", "pt-BR"),
    ("CH", "CHF", "de-CH"),
    ("JP", "JPY", "ja-JP"),  # nothing offered: an empty list must be valid too
]
FAILURE_MODES = ("401", "403", "422", "500")


@dataclass(frozen=True)
class Document:
    spec: OpenAPI
    server_url: str  # the document's first server, e.g. https://checkout-test.adyen.com/v72
    local_prefix: str  # where the local server mounts the same API


@dataclass
class RecordedRequest:
    """openapi-core's Request protocol over a recorded exchange."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters


@dataclass
class RecordedResponse:
    """openapi-core's Response protocol over a recorded exchange."""

    status_code: int
    content_type: str
    headers: Headers
    data: bytes


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    """Both documents, loaded once for the module (they weigh about 1.4 MB each)."""
    loaded = {}
    for api, name, prefix in (
        ("checkout", "CheckoutService-v72.json", CHECKOUT_PATH),
        ("management", "ManagementService-v3.json", MANAGEMENT_PATH),
    ):
        path = openapi_document(name)
        with path.open(encoding="utf-8") as handle:
            server_url = json.load(handle)["servers"][0]["url"]
        loaded[api] = Document(OpenAPI.from_file_path(str(path)), server_url, prefix)
    return loaded


def as_openapi(
    exchange: Exchange, documents: dict[str, Document]
) -> tuple[Document, RecordedRequest, RecordedResponse]:
    assert exchange.api is not None, f"not an Adyen path: {exchange.path}"
    document = documents[exchange.api]
    official = urlsplit(document.server_url + exchange.path[len(document.local_prefix) :])
    request_headers = Headers(exchange.request_headers)
    request = RecordedRequest(
        host_url=f"{official.scheme}://{official.netloc}",
        path=official.path,
        method=exchange.method.lower(),
        body=exchange.request_body or None,
        content_type=request_headers.get("Content-Type", "application/octet-stream").lower(),
        parameters=RequestParameters(
            query=ImmutableMultiDict(parse_qsl(exchange.query_string, keep_blank_values=True)),
            header=request_headers,
        ),
    )
    response_headers = Headers(exchange.response_headers)
    response = RecordedResponse(
        status_code=exchange.status,
        content_type=response_headers.get("Content-Type", "").split(";")[0].strip().lower(),
        headers=response_headers,
        data=exchange.response_body,
    )
    return document, request, response


def request_errors(exchange: Exchange, documents: dict[str, Document]) -> list[str]:
    document, request, _ = as_openapi(exchange, documents)
    return [_describe(error) for error in document.spec.iter_request_errors(request)]


def response_errors(exchange: Exchange, documents: dict[str, Document]) -> list[str]:
    document, request, response = as_openapi(exchange, documents)
    return [_describe(error) for error in document.spec.iter_response_errors(request, response)]


def _describe(error: Exception) -> str:
    causes = getattr(error, "schema_errors", None) or ([error.__cause__] if error.__cause__ else [])
    return f"{type(error).__name__}: {error} {[str(cause)[:300] for cause in causes]}"


def expect_failure(call: Callable[[], Any], kind: ErrorKind) -> None:
    with pytest.raises(PaymentProviderError) as caught:
        call()
    assert caught.value.kind is kind


def send(
    base_url: str, method: str, path: str, body: Any = None, key: str = DEMO_KEY
) -> tuple[int, Any]:
    """A raw call, for exchanges the connector never makes."""
    data = json.dumps(body).encode() if body is not None else None
    url = base_url + path
    request = Request(url, data=data, method=method, headers={"X-API-Key": key})  # noqa: S310
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urlopen(request, timeout=5) as response:  # noqa: S310 - local server
            return response.status, json.loads(response.read())
    except HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def wait_for(recorder: ExchangeRecorder, count: int, timeout: float = 10.0) -> None:
    # Requests the client gave up on are answered (and recorded) a little later.
    deadline = time.monotonic() + timeout
    while len(recorder.exchanges) < count and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture(scope="module")
def exchanges() -> list[Exchange]:
    """Everything the connector's real calls send and receive, in every mode."""
    recorder = ExchangeRecorder()
    with run_local_adyen(load_data(), recorder=recorder) as base_url:
        connector = AdyenConnector(settings_for(base_url))
        calls: list[Callable[[], Any]] = [
            lambda: connector.health_check("FR", "EUR", 2500, "fr-FR"),
            connector.merchant_payment_method_settings,
        ]
        for country, currency, locale in COUNTRIES:
            connector.health_check(country, currency, 2500, locale)
        connector.merchant_payment_method_settings()

        kinds = {
            "401": ErrorKind.AUTHENTICATION,
            "403": ErrorKind.PERMISSION,
            "422": ErrorKind.INVALID_REQUEST,
            "500": ErrorKind.PROVIDER_UNAVAILABLE,
        }
        for mode in FAILURE_MODES:
            set_failure(base_url, {"mode": mode, "message": f"Failure {mode} on purpose"})
            for call in calls:
                expect_failure(call, kinds[mode])

        set_failure(base_url, {"mode": "slow", "seconds": 0.05})
        for call in calls:
            call()
        set_failure(base_url, {"mode": "slow", "seconds": 0.6})
        impatient = AdyenConnector(settings_for(base_url, timeout_seconds=0.2))
        before = len(recorder.exchanges)
        expect_failure(lambda: impatient.health_check("DE", "EUR", 100, "de-DE"), ErrorKind.TIMEOUT)
        expect_failure(impatient.merchant_payment_method_settings, ErrorKind.TIMEOUT)
        wait_for(recorder, before + 2)
        reset(base_url)

        # Failures the server decides by itself rather than by a failure switch.
        stranger = AdyenConnector(settings_for(base_url, api_key="AQE_unknown_key_0123456789"))
        expect_failure(
            lambda: stranger.health_check("FR", "EUR", 1, "fr-FR"), ErrorKind.AUTHENTICATION
        )
        expect_failure(stranger.merchant_payment_method_settings, ErrorKind.AUTHENTICATION)
        limited = AdyenConnector(settings_for(base_url, api_key=CHECKOUT_ONLY_KEY))
        expect_failure(limited.merchant_payment_method_settings, ErrorKind.PERMISSION)
        elsewhere = AdyenConnector(settings_for(base_url, merchant_account="OtherMerchant"))
        expect_failure(
            lambda: elsewhere.health_check("FR", "EUR", 1, "fr-FR"), ErrorKind.PERMISSION
        )
        expect_failure(elsewhere.merchant_payment_method_settings, ErrorKind.PERMISSION)
        status, body = send(
            base_url,
            "GET",
            f"{MANAGEMENT_PATH}/merchants/{MERCHANT}/paymentMethodSettings?pageSize=500",
        )
        assert status == 422 and body["invalidFields"][0]["name"] == "pageSize"

    # Several pages, so that "next" and "prev" links appear.
    data = load_data()
    data["merchantAccounts"][MERCHANT]["paymentMethods"] = [
        {
            "id": f"PM{n:023d}",
            "type": "mc",
            "countries": ["DE"],
            "currencies": ["EUR"],
            "allowed": True,
            "enabled": n % 3 != 0,
            "verificationStatus": "valid",
        }
        for n in range(250)
    ]
    with run_local_adyen(data, recorder=recorder) as base_url:
        assert len(AdyenConnector(settings_for(base_url)).merchant_payment_method_settings()) == 250
    return recorder.exchanges


def test_scenario_covers_every_operation_and_status(exchanges: list[Exchange]) -> None:
    seen = {(exchange.api, exchange.method, exchange.status) for exchange in exchanges}
    for api, method in (("checkout", "POST"), ("management", "GET")):
        for status in (200, 401, 403, 422, 500):
            assert (api, method, status) in seen
    assert all(exchange.api is not None for exchange in exchanges)
    pages = {exchange.query_string for exchange in exchanges if exchange.api == "management"}
    assert {"pageSize=100&pageNumber=2", "pageSize=100&pageNumber=3"} <= pages


def test_every_request_matches_the_documents(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    failures = {
        f"{e.method} {e.path}?{e.query_string} -> {e.status}": errors
        for e in exchanges
        if (errors := request_errors(e, documents))
    }
    assert not failures, json.dumps(failures, indent=2)


def test_every_response_matches_the_documents(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    failures = {
        f"{e.method} {e.path}?{e.query_string} -> {e.status}": errors
        for e in exchanges
        if (errors := response_errors(e, documents))
    }
    assert not failures, json.dumps(failures, indent=2)


# --- the validation itself bites -------------------------------------------------------


def first(exchanges: list[Exchange], api: str, status: int) -> Exchange:
    return next(e for e in exchanges if e.api == api and e.status == status)


def with_body(exchange: Exchange, change: Callable[[dict[str, Any]], None]) -> Exchange:
    body = json.loads(exchange.response_body)
    change(body)
    return replace(exchange, response_body=json.dumps(body).encode())


def test_a_response_missing_a_required_field_is_caught(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    page = first(exchanges, "management", 200)
    assert response_errors(with_body(page, lambda body: body.pop("pagesTotal")), documents)


def test_an_undocumented_property_is_caught(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    offered = first(exchanges, "checkout", 200)
    broken = with_body(offered, lambda body: body["paymentMethods"][0].update(label="Cards"))
    assert response_errors(broken, documents)


def test_an_error_body_of_the_wrong_api_is_caught(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    # Checkout's error shape is not Management's: each API must get its own.
    checkout_error = first(exchanges, "checkout", 500)
    management_error = first(exchanges, "management", 500)
    swapped = replace(management_error, response_body=checkout_error.response_body)
    assert response_errors(swapped, documents)


def test_an_undocumented_status_is_caught(
    exchanges: list[Exchange], documents: dict[str, Document]
) -> None:
    assert response_errors(replace(first(exchanges, "checkout", 500), status=503), documents)


@pytest.fixture
def raw_exchanges() -> Iterator[tuple[str, ExchangeRecorder]]:
    recorder = ExchangeRecorder()
    with run_local_adyen(load_data(), recorder=recorder) as base_url:
        yield base_url, recorder


def test_a_request_breaking_the_document_is_caught(
    raw_exchanges: tuple[str, ExchangeRecorder], documents: dict[str, Document]
) -> None:
    base_url, recorder = raw_exchanges
    status, body = send(base_url, "POST", f"{CHECKOUT_PATH}/paymentMethods", {"countryCode": "FR"})

    assert status == 422 and "merchantAccount" in body["message"]
    (exchange,) = recorder.exchanges
    assert request_errors(exchange, documents)  # merchantAccount is required
    assert not response_errors(exchange, documents)  # and the refusal is well-formed


def test_an_unknown_path_is_caught(
    raw_exchanges: tuple[str, ExchangeRecorder], documents: dict[str, Document]
) -> None:
    base_url, recorder = raw_exchanges
    status, _ = send(base_url, "POST", f"{CHECKOUT_PATH}/paymentMethodz", {"merchantAccount": "x"})

    assert status == 404
    (exchange,) = recorder.exchanges
    errors = request_errors(exchange, documents)
    assert errors and "PathNotFound" in errors[0]


def test_the_validator_is_openapi_core(documents: dict[str, Document]) -> None:
    # Guards against a silently permissive stand-in: a bare request must be refused.
    request = RecordedRequest(
        host_url="https://checkout-test.adyen.com",
        path="/v72/paymentMethods",
        method="post",
        body=b"{}",
        content_type="application/json",
        parameters=RequestParameters(),
    )
    with pytest.raises(OpenAPIError):
        documents["checkout"].spec.validate_request(request)


def tampered_currency(exchange: Exchange) -> Exchange:
    body = json.loads(exchange.request_body)
    body["amount"]["currency"] = "EURO"
    return replace(exchange, request_body=json.dumps(body).encode())


def without_api_key(exchange: Exchange) -> Exchange:
    headers = [(k, v) for k, v in exchange.request_headers if k.lower() != "x-api-key"]
    return replace(exchange, request_headers=headers)


@pytest.mark.parametrize(
    ("api", "tamper", "error"),
    [
        ("checkout", tampered_currency, "InvalidRequestBody"),
        ("checkout", without_api_key, "SecurityValidationError"),
        ("management", without_api_key, "SecurityValidationError"),
        ("management", lambda e: replace(e, query_string="pageSize=ten"), "ParameterValidation"),
    ],
)
def test_a_tampered_recorded_request_is_caught(
    exchanges: list[Exchange],
    documents: dict[str, Document],
    api: str,
    tamper: Callable[[Exchange], Exchange],
    error: str,
) -> None:
    errors = request_errors(tamper(first(exchanges, api, 200)), documents)
    assert errors and error in errors[0]
