"""Fixtures of the client API's freshness and kept-answer tests: France live, with a
public French catalog."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from backoffice.countries.models import Country
from tests.api.test_client_freshness import PO
from tests.support.fixture_types import MakeCountry


@pytest.fixture
def live(db: Session, make_country: MakeCountry) -> Country:
    return make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                        currency="EUR")


@pytest.fixture
def catalog(db: Session, live: Country, make_country: MakeCountry) -> Catalog:
    """fr_FR's catalog, public: France (fr_FR) and Belgium (fr_BE) are live."""
    make_country("BE", stage="live", locales=("fr_BE",), timezone="Europe/Brussels",
                 currency="EUR")
    return catalogs.import_file("app", "fr_FR", PO, filename="fr.po").catalog
