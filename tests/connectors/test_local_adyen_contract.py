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

from connectors.payments.local_adyen import (
    Exchange,
)
from tests.connectors.adyen_contract import (
    Document,
    request_errors,
    response_errors,
)


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
