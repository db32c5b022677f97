"""Catalogs for a new locale: every locale a country uses gets one per product domain,
from the domain's template, wherever the locale comes from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs import provisioning
from backoffice.countries import operations as countries
from backoffice.countries import validation
from backoffice.countries.models import Locale
from backoffice.countries.queries import get_country
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

REPO_TEMPLATE = Path(__file__).resolve().parents[2] / "locales" / "app.pot"


@pytest.fixture
def templates(app: Flask) -> Path:
    folder = Path(app.config["LOCALES_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_TEMPLATE, folder / "app.pot")
    return folder


def _config(*locales: tuple[str, str | None]) -> validation.CountryConfig:
    return validation.CountryConfig(
        locales=[validation.LocaleSpec(code, parent) for code, parent in locales],
        currency="USD", timezone="America/Panama", max_seats_per_ride=4)


def test_a_new_country_gets_its_catalogs_from_the_templates(db: Session, templates: Path) -> None:
    countries.create_country("PA", _config(("es_PA", None)))
    catalog = catalogs.get_catalog("app", "es_PA")
    assert catalog.total_count > 100 and catalog.translated_count == 0
    exported = catalogs.export_bytes(catalog).decode()
    assert '"Language: es_PA\\n"' in exported
    # CLDR's rule for Spanish (one, many, other), not the template's placeholder.
    assert '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : ' in exported


def test_a_variant_starts_empty_and_inherits_its_parent(
        db: Session, templates: Path, translate: Translate) -> None:
    translate("es_MX")  # three messages, all translated
    countries.create_country("PA", _config(("es_PA", "es_MX")))
    assert db.get(Locale, "es_PA").parent_code == "es_MX"
    assert catalogs.get_catalog("app", "es_PA").translated_count == 0


def test_adding_a_locale_adds_its_catalog(db: Session, templates: Path) -> None:
    country = countries.create_country("PA", _config(("es_PA", None)))
    countries.update_country(country, _config(("es_PA", None), ("en_US", None)),
                             expected_version=1)
    assert catalogs.find_catalog("app", "en_US") is not None


def test_no_template_no_catalog(db: Session) -> None:
    countries.create_country("PA", _config(("es_PA", None)))
    assert catalogs.find_catalog("app", "es_PA") is None
    assert provisioning.missing_catalogs(["es_PA"]) == []


def test_the_console_lists_what_is_missing_and_creates_it(
        client: FlaskClient, db: Session, signed_in: SignedIn, templates: Path,
        make_country: MakeCountry) -> None:
    make_country("PA", locales=("es_PA",), timezone="America/Panama", currency="USD")
    signed_in("launch_manager")
    page = client.get("/catalogs/country/PA").get_data(as_text=True)
    assert 'data-missing="app/es_PA"' in page and "Create the missing catalogs" in page
    response = client.post("/catalogs/country/PA/create-missing")
    assert response.status_code == 302
    assert catalogs.find_catalog("app", "es_PA") is not None
    assert 'data-missing' not in client.get("/catalogs/country/PA").get_data(as_text=True)


def test_the_template_update_creates_the_missing_catalogs(
        client: FlaskClient, db: Session, signed_in: SignedIn, templates: Path,
        make_country: MakeCountry) -> None:
    make_country("PA", locales=("es_PA",), timezone="America/Panama", currency="USD")
    signed_in("launch_manager")
    assert client.post("/catalogs/app/update-from-template").status_code == 302
    assert catalogs.find_catalog("app", "es_PA") is not None


def test_the_admin_api_creates_catalogs_with_the_country(
        client: FlaskClient, db: Session, templates: Path, make_user: MakeUser) -> None:
    _row, clear = tokens.create_token(make_user("launch_manager"), "ci")
    response = client.post("/api/v1/admin/countries", headers={"Authorization": f"Bearer {clear}"},
                           json={"code": "PA", "currency": "USD", "timezone": "America/Panama",
                                 "locales": [{"code": "es_PA", "parent": None}]})
    assert response.status_code == 201, response.get_json()
    assert catalogs.find_catalog("app", "es_PA") is not None
    assert get_country("PA").locale_codes == ["es_PA"]
