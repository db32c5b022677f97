"""The public client API serves only released catalogs.

Closes the leak of unreleased copy and upcoming launches: a catalog is public only when a
country the apps see uses its locale (directly, or through a variant it serves); anything
else answers exactly as a locale that does not exist.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.countries.models import Locale
from tests.support.fixture_types import MakeCountry

PO = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      b'msgid "Book"\nmsgstr "Text"\n')


@pytest.fixture
def world(db: Session, make_country: MakeCountry) -> None:
    for code, stage, locale in (("BR", "planned", "pt_BR"), ("PL", "translating", "pl_PL"),
                                ("IT", "paused", "it_IT"), ("BE", "live", "fr_BE"),
                                ("ES", "payments_live", "es_ES")):
        make_country(code, stage=stage, locales=(locale,), timezone="Europe/Paris",
                     currency="EUR")
    db.add(Locale(code="fr_FR"))
    db.flush()
    db.get(Locale, "fr_BE").parent_code = "fr_FR"
    db.flush()
    for locale in ("pt_BR", "pl_PL", "it_IT", "fr_BE", "fr_FR", "es_ES", "de_DE"):
        catalogs.import_file("app", locale, PO, filename=f"{locale}.po")
    db.flush()


@pytest.mark.parametrize("locale", ["pt_BR", "pl_PL", "it_IT", "de_DE", "xx_XX"])
def test_unreleased_catalogs_answer_as_missing_ones(
        client: FlaskClient, world: None, locale: str) -> None:
    response = client.get(f"/api/v1/catalogs/app/{locale}.json")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": f"no catalog 'app' for the locale '{locale}'", "status": 404}


@pytest.mark.parametrize("locale", ["fr_BE", "fr_FR", "es_ES"])
def test_catalogs_of_visible_countries_and_their_parents_are_served(
        client: FlaskClient, world: None, locale: str) -> None:
    assert client.get(f"/api/v1/catalogs/app/{locale}.json").status_code == 200


def test_a_pause_takes_the_catalog_off_at_once(
        client: FlaskClient, db: Session, world: None) -> None:
    from backoffice.countries.models import Country

    assert client.get("/api/v1/catalogs/app/es_ES.json").status_code == 200
    db.get(Country, "ES").recorded_stage = "paused"
    db.flush()
    assert client.get("/api/v1/catalogs/app/es_ES.json").status_code == 404
