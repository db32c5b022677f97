import pytest

from backoffice.countries import operations as ops
from backoffice.countries import validation
from backoffice.countries.validation import LocaleSpec
from tests.support.state import stored


@pytest.fixture
def make_country(db):  # type: ignore[no-untyped-def]
    """Create a country with sensible defaults; keyword arguments override them."""

    def make(code: str = "BE", *, locales=(("fr_BE", "fr_FR"), ("nl_BE", "nl_NL")),  # type: ignore[no-untyped-def]
             currency: str = "EUR", timezone: str = "Europe/Brussels", seats: int = 4,
             owner: str | None = None, notes: str = "", stage: str = "planned"):
        country = ops.create_country(
            code,
            validation.CountryConfig(
                locales=[LocaleSpec(*spec) for spec in locales], currency=currency,
                timezone=timezone, max_seats_per_ride=seats, owner_email=owner, notes=notes,
            ),
        )
        for name, value in stored(stage).items():  # the launch pipeline is not under test
            setattr(country, name, value)
        db.flush()
        return country

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
