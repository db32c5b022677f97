"""TMX through translate-toolkit, the concordance page, the panel JSON and the admin API."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from translate.storage.tmx import tmxfile

from backoffice.accounts import tokens
from backoffice.audit.models import AuditEvent
from backoffice.catalogs.models import Message
from backoffice.core.errors import OperationError
from backoffice.memory import lookup, tmx_files
from backoffice.memory.models import MemoryUnit
from tests.support.fixture_types import CatalogOf, MakeUser, SignedIn


def test_export_is_a_tmx_file_translate_toolkit_reads(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver & payer <b>")])
    catalog_of("fr_BE", [("Your ride", "Votre trajet")])
    catalog_of("pl_PL", [("Your ride", "Twój przejazd")])
    store = tmxfile.parsestring(tmx_files.export_tmx("fr"))
    assert sorted((u.source, u.target) for u in store.units) == [
        ("Book a seat", "Réserver & payer <b>"), ("Your ride", "Votre trajet")]
    only_be = tmxfile.parsestring(tmx_files.export_tmx("fr", locale="fr_BE"))
    assert [u.source for u in only_be.units] == ["Your ride"]


def test_import_adds_units_per_target_language(db: Session, make_user: MakeUser) -> None:
    store = tmxfile(sourcelanguage="en")
    store.addtranslation("Seat booked", "en", "Place réservée", "fr-FR")
    store.addtranslation("Seat booked", "en", "Miejsce zarezerwowane", "pl")
    result = tmx_files.import_tmx(bytes(store), filename="legacy.tmx", actor=make_user())
    assert (result.added, result.languages) == (2, ["fr", "pl"])
    match = lookup.lookup("fr", "seat booked")[0]
    assert (match.target, match.origin, match.origin_name, match.locale) == (
        "Place réservée", "tmx", "legacy.tmx", "fr_FR")
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "memory.tmx_imported")) == 1


@pytest.mark.parametrize("data", [b"not xml", b"<tmx><body><tu></body></tmx>",
                                  b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x "y">]><tmx/>'])
def test_a_bad_file_changes_nothing(db: Session, data: bytes) -> None:
    with pytest.raises(OperationError):
        tmx_files.import_tmx(data, filename="bad.tmx")
    assert db.scalar(select(func.count()).select_from(MemoryUnit)) == 0


def test_concordance_page_and_tmx_download(
        client: FlaskClient, signed_in: SignedIn, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver une place")])
    signed_in("translator", locales=("fr_FR",))
    page = client.get("/memory/?q=book&field=source")
    assert page.status_code == 200
    assert "Réserver une place" in page.get_data(as_text=True)
    download = client.get("/memory/export.tmx?language=fr")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert [u.target for u in tmxfile.parsestring(download.data).units] == ["Réserver une place"]


def test_tmx_upload_needs_catalog_management(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    store = tmxfile(sourcelanguage="en")
    store.addtranslation("Hello", "en", "Bonjour", "fr")
    signed_in("translator", locales=("fr_FR",))
    data = {"file": (io.BytesIO(bytes(store)), "a.tmx")}
    assert client.post("/memory/import", data=data).status_code == 403
    client.post("/logout")
    signed_in("launch_manager")
    response = client.post("/memory/import", data={"file": (io.BytesIO(bytes(store)), "a.tmx")})
    assert response.status_code == 302
    assert db.scalar(select(MemoryUnit.target)) == "Bonjour"


def test_panel_json_shows_matches_with_their_origin(
        client: FlaskClient, signed_in: SignedIn, db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver une place")])
    variant = catalog_of("fr_BE", [("Book a seat", "")])
    message = db.scalar(select(Message).where(Message.catalog_id == variant.id,
                                              Message.msgid == "Book a seat"))
    signed_in("translator", locales=("fr_BE",))
    body = client.get(f"/memory/api/messages/{message.id}").get_json()
    assert [(m["locale"], m["domain"], m["exact"], m["target"]) for m in body["matches"]] == [
        ("fr_FR", "app", True, "Réserver une place")]
    assert client.get("/memory/api/messages/999999").status_code == 404


def test_admin_api_search_and_matches(
        client: FlaskClient, make_user: MakeUser, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver une place")])
    _row, clear = tokens.create_token(make_user("translator", locales=("fr_FR",)), "ci")
    headers = {"Authorization": f"Bearer {clear}"}
    found = client.get("/api/v1/admin/memory/search?q=seat&in=source", headers=headers)
    assert found.status_code == 200
    assert [u["target"] for u in found.get_json()["units"]] == ["Réserver une place"]
    matches = client.get("/api/v1/admin/memory/matches?language=fr_BE&source=Book+a+seats",
                         headers=headers).get_json()["matches"]
    assert matches[0]["exact"] is False and matches[0]["score"] > 0.9
    assert client.get("/api/v1/admin/memory/search?q=x&in=nowhere",
                      headers=headers).status_code == 400
    assert client.get("/api/v1/admin/memory/matches?language=fr",
                      headers=headers).status_code == 400
    assert client.get("/api/v1/admin/memory/search?q=seat").status_code == 401
