"""Recording the connector's exchanges with the local Adyen, and validating them against
Adyen's official OpenAPI documents (see ``test_local_adyen_contract``)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlsplit
from urllib.request import Request, urlopen

import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
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


def load_documents() -> dict[str, Document]:
    """Both documents (they weigh about 1.4 MB each: the fixture loads them once)."""
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


def record_exchanges() -> list[Exchange]:
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
