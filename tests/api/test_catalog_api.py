from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message
from backoffice.countries.models import Locale
from tests.support.fixture_types import MakeCountry, MakeUser, TokenFor

PO = b'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgctxt "button"
msgid "Book"
msgstr "R\xc3\xa9server"

msgid "%(count)d seat"
msgid_plural "%(count)d seats"
msgstr[0] "%(count)d place"
msgstr[1] "%(count)d places"

#, fuzzy
msgid "Cancel the ride"
msgstr "Annuler"

msgid "Untranslated"
msgstr ""
'''


@pytest.fixture
def catalog(db: Session, make_country: MakeCountry) -> Catalog:
    """fr_FR's catalog, public: France (fr_FR) and Belgium (fr_BE) are live."""
    from backoffice.countries.models import Country

    if db.get(Country, "FR") is None:
        make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                     currency="EUR")
    make_country("BE", stage="live", locales=("fr_BE",), timezone="Europe/Brussels",
                 currency="EUR")
    return catalogs.import_file("app", "fr_FR", PO, filename="fr.po").catalog


@pytest.fixture
def bearer(bearer: TokenFor) -> TokenFor:
    """Tokens of translators unless another role is named."""

    def token_for(role: str = "translator", **kwargs: Any) -> dict[str, str]:
        return bearer(role, **kwargs)

    return token_for


def test_catalog_json_serves_translated_text_only(client: FlaskClient, catalog: Catalog) -> None:
    body = client.get("/api/v1/catalogs/app/fr_FR.json").get_json()
    assert body["messages"] == {"button\x04Book": "Réserver",
                                "%(count)d seat": ["%(count)d place", "%(count)d places"]}
    assert body["plural_forms"].startswith("nplurals=2")


def test_variant_locale_falls_back_to_its_parent(
        client: FlaskClient, catalog: Catalog, db: Session) -> None:
    db.get(Locale, "fr_FR")
    catalogs.ensure_locale("fr_BE").parent_code = "fr_FR"
    catalogs.import_file("app", "fr_BE", PO.replace(b"R\xc3\xa9server", b"R\xc3\xa9server !")
                         .replace(b'msgstr[0] "%(count)d place"', b'msgstr[0] ""')
                         .replace(b'msgstr[1] "%(count)d places"', b'msgstr[1] ""'),
                         filename="fr_BE.po")
    body = client.get("/api/v1/catalogs/app/fr_BE.json").get_json()
    assert body["parent"] == "fr_FR"
    assert body["messages"]["button\x04Book"] == "Réserver !"
    assert body["messages"]["%(count)d seat"] == ["%(count)d place", "%(count)d places"]


def test_etag_304_and_a_change_is_seen_on_the_next_read(
        client: FlaskClient, catalog: Catalog, db: Session, make_user: MakeUser) -> None:
    first = client.get("/api/v1/catalogs/app/fr_FR.json")
    etag = first.headers["ETag"]
    assert client.get("/api/v1/catalogs/app/fr_FR.json",
                      headers={"If-None-Match": etag}).status_code == 304
    message = db.query(Message).filter_by(msgid="Book").one()
    catalogs.save_translation(message, ["Réserver maintenant"], version=message.version)
    db.flush()
    changed = client.get("/api/v1/catalogs/app/fr_FR.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["messages"]["button\x04Book"] == "Réserver maintenant"


def test_unknown_catalog_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/catalogs/app/xx_XX.json")
    assert response.status_code == 404 and "error" in response.get_json()


def test_save_through_the_admin_api_with_conflicts(
        client: FlaskClient, catalog: Catalog, db: Session, bearer: TokenFor) -> None:
    message = db.query(Message).filter_by(msgid="Book").one()
    translator = bearer(locales=("fr_FR",))
    url = f"/api/v1/admin/catalogs/messages/{message.id}"
    saved = client.put(url, headers=translator,
                       json={"translations": ["Réserver vite"], "version": message.version})
    assert saved.status_code == 200 and saved.get_json()["saved"] is True
    stale = client.put(url, headers=translator,
                       json={"translations": ["Mon texte"], "version": 1})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["yours"] == ["Mon texte"]
    assert body["current"]["translations"] == ["Réserver vite"]
    other = bearer(locales=("pl_PL",))
    assert client.put(url, headers=other, json={"translations": ["x"],
                                                "version": 2}).status_code == 403


def test_export_and_bad_import(client: FlaskClient, catalog: Catalog, bearer: TokenFor) -> None:
    manager = bearer("launch_manager")
    exported = client.get("/api/v1/admin/catalogs/app/fr_FR/export", headers=manager)
    assert exported.data == PO  # byte-identical round trip through the database
    broken = client.post("/api/v1/admin/catalogs/app/fr_FR/import", headers=manager,
                         data=b'msgid "unterminated\n')
    assert broken.status_code == 400 and "line 1" in broken.get_json()["error"]
    assert client.get("/api/v1/admin/catalogs/app/fr_FR/export", headers=manager).data == PO


def test_pushed_template_is_written_whole_and_readable(
        client: FlaskClient, catalog: Catalog, bearer: TokenFor, app: Flask) -> None:
    from pathlib import Path

    template = b'msgid "Book"\nmsgstr ""\n'
    pushed = client.post("/api/v1/admin/catalogs/app/template", headers=bearer("admin"),
                         data=template)
    assert pushed.status_code == 200, pushed.get_json()
    path = Path(app.config["LOCALES_DIR"]) / "app.pot"
    assert path.read_bytes() == template
    assert path.stat().st_mode & 0o044 == 0o044  # not private to the server's user
    assert [p.name for p in path.parent.iterdir()] == ["app.pot"]
