"""The contract validation bites: a recorded exchange that breaks Adyen's documents, in
any way, is caught."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError

from connectors.payments.local_adyen import (
    CHECKOUT_PATH,
    Exchange,
    ExchangeRecorder,
    load_data,
    run_local_adyen,
)
from tests.connectors.adyen_contract import (
    Document,
    RecordedRequest,
    request_errors,
    response_errors,
    send,
)


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
