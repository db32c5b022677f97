"""A local Adyen for the connector tests, with the demo data and its keys."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from connectors.payments.adyen import AdyenSettings
from connectors.payments.adyen_hosts import LOOPBACK_ALLOWLIST
from connectors.payments.local_adyen import (
    checkout_base_url,
    load_data,
    management_base_url,
    run_local_adyen,
)
from tests.support.adyen import API_KEY
from tests.support.adyen import CHECKOUT_ONLY_KEY as CHECKOUT_ONLY_KEY  # read from here
from tests.support.adyen import HMAC_KEY as HMAC_KEY
from tests.support.adyen import MERCHANT as MERCHANT

if TYPE_CHECKING:
    from connectors.payments.local_adyen import Exchange
    from tests.connectors.adyen_contract import Document

DEMO_KEY = API_KEY  # the name these tests use


def settings_for(base_url: str, **overrides: Any) -> AdyenSettings:
    values: dict[str, Any] = {
        "platform": "test",
        "api_key": DEMO_KEY,
        "merchant_account": MERCHANT,
        "hmac_key": HMAC_KEY,
        "checkout_base_url": checkout_base_url(base_url),
        "management_base_url": management_base_url(base_url),
        "timeout_seconds": 5.0,
        "allowed_hosts": LOOPBACK_ALLOWLIST,  # the local Adyen listens on 127.0.0.1
    }
    values.update(overrides)
    return AdyenSettings(**values)


@pytest.fixture
def adyen_data() -> dict[str, Any]:
    """A fresh copy of the demo data; tests may change it before the server starts."""
    return load_data()


@pytest.fixture
def local_adyen(adyen_data: dict[str, Any]) -> Iterator[str]:
    with run_local_adyen(adyen_data) as base_url:
        yield base_url


@pytest.fixture
def make_settings(local_adyen: str) -> Callable[..., AdyenSettings]:
    def make(**overrides: Any) -> AdyenSettings:
        return settings_for(local_adyen, **overrides)

    return make


def openapi_dir() -> Path:
    """Adyen's OpenAPI documents: `<repo>/../shared/adyen-openapi`, or $ADYEN_OPENAPI_DIR."""
    default = Path(__file__).resolve().parents[2].parent / "shared" / "adyen-openapi"
    return Path(os.environ.get("ADYEN_OPENAPI_DIR", default))


def openapi_document(name: str) -> Path:
    path = openapi_dir() / name
    if not path.is_file():
        pytest.skip(f"Adyen's OpenAPI document {path} is missing (set ADYEN_OPENAPI_DIR)")
    return path


# Adyen's documents and the exchanges of the connector's real calls, both costly: made once
# for every contract test (tests/connectors/adyen_contract.py says how).


@pytest.fixture(scope="package")
def documents() -> dict[str, Document]:
    from tests.connectors.adyen_contract import load_documents

    return load_documents()


@pytest.fixture(scope="package")
def exchanges() -> list[Exchange]:
    from tests.connectors.adyen_contract import record_exchanges

    return record_exchanges()
