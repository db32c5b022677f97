import pytest

from backoffice.countries.models import Country


@pytest.fixture
def make_country(db):  # type: ignore[no-untyped-def]
    def make(code: str = "FR", currency: str = "EUR") -> Country:
        country = Country(code=code, currency=currency, timezone="Europe/Paris")
        db.add(country)
        db.flush()
        return country

    return make
