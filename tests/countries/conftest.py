import pytest

from backoffice.countries import validation
from backoffice.countries.validation import LocaleSpec
from tests import factories


@pytest.fixture
def make_country(db):  # type: ignore[no-untyped-def]
    """Create a country as the console does (``tests.factories.CreatedCountryFactory``);
    keyword arguments override the defaults."""

    def make(code: str = "BE", **fields):  # type: ignore[no-untyped-def]
        return factories.CreatedCountryFactory(code=code, **fields)

    return make


def config(**changes):  # type: ignore[no-untyped-def]
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
