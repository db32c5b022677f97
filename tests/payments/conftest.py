"""Countries, connectors on a local Adyen server, and ready-to-launch set-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from backoffice.core.db import utcnow
from backoffice.countries.models import Country
from backoffice.payments import operations
from backoffice.payments.models import HealthCheck, PaymentConnectorConfig
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests import factories
from tests.support.adyen import save_local_connector
from tests.support.fixture_types import MakeConnector, MakeCountry

FR_METHODS = ["scheme", "sepadirectdebit", "paypal"]


@pytest.fixture(scope="session")
def local_adyen() -> Iterator[str]:
    """One local Adyen server for the session; tests that break it reset it."""
    with run_local_adyen(load_data()) as base_url:
        yield base_url


@pytest.fixture
def adyen(local_adyen: str) -> Iterator[str]:
    from connectors.payments.local_adyen import reset

    reset(local_adyen)
    yield local_adyen
    reset(local_adyen)


@pytest.fixture
def make_country(db: Session) -> MakeCountry:
    """A French-like country row, live by default (``tests.factories.CountryFactory``)."""

    def make(code: str = "FR", *, stage: str = "live", currency: str = "EUR",
             timezone: str = "Europe/Paris", locale: str | None = "fr_FR") -> Country:
        return factories.CountryFactory(code=code, stage=stage, currency=currency,
                                        timezone=timezone, locales=(locale,) if locale else ())

    return make


@pytest.fixture
def make_connector(db: Session, adyen: str) -> MakeConnector:
    def make(countries: tuple[tuple[str, str], ...] = (("FR", "EUR"),),
             **overrides: Any) -> PaymentConnectorConfig:
        connector = save_local_connector(adyen, countries=countries, **overrides)
        db.flush()
        return connector

    return make


@pytest.fixture
def ready_country(
        db: Session, make_country: MakeCountry, make_connector: MakeConnector) -> MakeCountry:
    """FR, live, served in EUR with methods chosen and a successful check 10 minutes ago."""

    def make(code: str = "FR", **country_kwargs: Any) -> Country:
        country = make_country(code, **country_kwargs)
        connector = make_connector(countries=((code, country.currency),))
        operations.choose_methods(code, FR_METHODS)
        db.add(HealthCheck(
            connector_id=connector.id, country_code=code, currency=country.currency,
            checked_at=utcnow() - timedelta(minutes=10), ok=True, methods=list(FR_METHODS),
        ))
        db.flush()
        return country

    return make
