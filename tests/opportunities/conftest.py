"""Candidates, and a payment connector on a local Adyen server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.orm import Session

from backoffice.opportunities import operations
from backoffice.opportunities.models import Candidate
from backoffice.payments.models import PaymentConnectorConfig
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.support.adyen import save_local_connector
from tests.support.fixture_types import MakeCandidate


@pytest.fixture(scope="session")
def local_adyen() -> Iterator[str]:
    with run_local_adyen(load_data()) as base_url:
        yield base_url


@pytest.fixture
def connector(db: Session, local_adyen: str) -> PaymentConnectorConfig:
    row = save_local_connector(local_adyen, hmac_key=None, countries=())
    db.flush()
    return row


@pytest.fixture
def candidate(db: Session) -> MakeCandidate:
    def make(code: str, locales: list[str], **figures: float) -> Candidate:
        row = operations.save_candidate(None, code=code, locales=locales)
        for key, value in figures.items():
            operations.set_indicator(row, key, value, source="Team survey",
                                     as_of=date(2026, 10, 1))
        return row

    return make
