from typing import Any

import pytest
from sqlalchemy.orm import Session

from backoffice.countries import validation
from backoffice.countries.models import Country
from backoffice.countries.validation import LocaleSpec
from tests import factories
from tests.support.fixture_types import MakeCountry


@pytest.fixture
def make_country(db: Session) -> MakeCountry:
    """Create a country as the console does (``tests.factories.CreatedCountryFactory``);
    keyword arguments override the defaults."""

    def make(code: str = "BE", **fields: Any) -> Country:
        return factories.CreatedCountryFactory(code=code, **fields)

    return make


def config(**changes: Any) -> validation.CountryConfig:
    values = {
        "locales": [LocaleSpec("fr_BE", "fr_FR"), LocaleSpec("nl_BE", "nl_NL")],
        "currency": "EUR",
        "timezone": "Europe/Brussels",
        "max_seats_per_ride": 4,
        "owner_email": None,
        "notes": "",
    }
    values.update(changes)
    return validation.CountryConfig(**values)
