import pytest

from backoffice.countries.models import Country, CountryLocale, Locale


@pytest.fixture
def make_country(db):
    def make(code="PL", stage="translating", locales=("pl_PL",), timezone="Europe/Warsaw",
             currency="PLN", seats=4):
        for locale in locales:
            if db.get(Locale, locale) is None:
                db.add(Locale(code=locale))
        country = Country(
            code=code, stage=stage, currency=currency, timezone=timezone,
            max_seats_per_ride=seats,
            locales=[CountryLocale(locale_code=loc, position=i) for i, loc in enumerate(locales)],
        )
        db.add(country)
        db.flush()
        return country

    return make
