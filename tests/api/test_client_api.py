import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.countries.models import Country
from tests.factories import CountryFactory


@pytest.fixture
def countries(db: Session) -> list[Country]:
    return [
        CountryFactory(code="FR", stage="payments_live", currency="EUR",
                       timezone="Europe/Paris", locales=("fr_FR",)),
        CountryFactory(code="PL", stage="translating", seats=3),
        CountryFactory(code="IT", stage="paused", currency="EUR", timezone="Europe/Rome",
                       locales=()),
        CountryFactory(code="CH", stage="planned", currency="CHF", timezone="Europe/Zurich",
                       locales=()),
        CountryFactory(code="ES", stage="live", currency="EUR", timezone="Europe/Madrid",
                       locales=()),
    ]


def test_only_live_countries_are_visible(client: FlaskClient, countries: list[Country]) -> None:
    body = client.get("/api/v1/countries").get_json()
    assert [c["code"] for c in body["countries"]] == ["ES", "FR"]
    for code in ("PL", "IT", "CH", "XX", "fr", "FRA"):
        response = client.get(f"/api/v1/countries/{code}")
        assert response.status_code == 404
        assert "error" in response.get_json()


def test_country_answer(client: FlaskClient, countries: list[Country]) -> None:
    body = client.get("/api/v1/countries/FR").get_json()
    assert body["stage"] == "payments_live"
    assert body["locales"] == ["fr_FR"]
    assert body["ride_rules"] == {"max_seats_per_ride": 4}
    assert set(body["online_payment"]) == {"enabled", "methods"}
    assert set(body["id_check"]) == {"required_for_drivers", "required_for_passengers",
                                     "documents", "providers"}


def test_etag_and_304(client: FlaskClient, countries: list[Country], db: Session) -> None:
    first = client.get("/api/v1/countries/FR")
    etag = first.headers["ETag"]
    assert "must-revalidate" in first.headers["Cache-Control"]
    again = client.get("/api/v1/countries/FR", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    countries[0].max_seats_per_ride = 3
    db.flush()
    changed = client.get("/api/v1/countries/FR", headers={"If-None-Match": etag})
    assert changed.status_code == 200  # a change is visible on the very next read
    assert changed.get_json()["ride_rules"]["max_seats_per_ride"] == 3


def test_openapi_document(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/countries/{code}" in document["paths"]
