"""Catalog answers of the client API: each catalog has its own stamp, so a save rebuilds
only its catalog and the variants inheriting from it; the cache is bounded in bytes and a
miss is built once however many requests ask for it at the same time."""

import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.api import revisions
from backoffice.api.catalog_cache import CatalogCache, catalog_cache
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import records
from backoffice.catalogs.po import reader
from backoffice.core import bulk
from backoffice.core.db import utcnow
from tests.factories import po_file
from tests.support.fixture_types import MakeCountry

PO = po_file([("Book", "Reserver"), ("Cancel", "Annuler")])


@pytest.fixture
def locales(db: Session, make_country: MakeCountry) -> dict[str, Catalog]:
    """fr_FR, its variant fr_BE (Cancel untranslated: inherited) and de_DE, all public."""
    make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                 currency="EUR")
    make_country("BE", stage="live", locales=("fr_BE",), timezone="Europe/Brussels",
                 currency="EUR")
    make_country("DE", stage="live", locales=("de_DE",), timezone="Europe/Berlin",
                 currency="EUR")
    catalogs.ensure_locale("fr_BE").parent_code = "fr_FR"
    found = {
        "fr_FR": catalogs.import_file("app", "fr_FR", PO, filename="fr.po").catalog,
        "fr_BE": catalogs.import_file("app", "fr_BE", PO.replace(b'msgstr "Annuler"',
                                                                 b'msgstr ""'),
                                      filename="fr_BE.po").catalog,
        "de_DE": catalogs.import_file("app", "de_DE", PO, filename="de.po").catalog,
    }
    db.flush()
    return found


def _tag(client: FlaskClient, locale: str) -> str:
    answer = client.get(f"/api/v1/catalogs/app/{locale}.json")
    assert answer.status_code == 200
    return answer.headers["ETag"]


def _save(db: Session, catalog: Catalog, msgid: str, text: str) -> None:
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id,
                                              Message.msgid == msgid))
    catalogs.save_translation(message, [text], version=message.version)
    db.flush()


def test_a_save_rebuilds_its_catalog_and_its_variants_only(
        app: Flask, client: FlaskClient, db: Session, locales: dict[str, Catalog],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice.api import catalog_json

    built: list[str] = []
    build_body = catalog_json.build_body
    monkeypatch.setattr(catalog_json, "build_body", lambda catalog, parent: built.append(
        catalog.locale_code) or build_body(catalog, parent))
    before = {locale: _tag(client, locale) for locale in locales}
    built.clear()
    _save(db, locales["fr_FR"], "Cancel", "Annuler le trajet")
    after = {locale: _tag(client, locale) for locale in locales}
    assert after["de_DE"] == before["de_DE"]  # another locale: same ETag, not rebuilt
    assert after["fr_FR"] != before["fr_FR"]
    assert after["fr_BE"] != before["fr_BE"]  # the variant inherits the new text
    assert sorted(built) == ["fr_BE", "fr_FR"]
    assert client.get("/api/v1/catalogs/app/fr_BE.json").get_json()["messages"][
        "Cancel"] == "Annuler le trajet"
    built.clear()
    _save(db, locales["de_DE"], "Book", "Buchen")
    assert {locale: _tag(client, locale) for locale in ("fr_FR", "fr_BE")} == {
        "fr_FR": after["fr_FR"], "fr_BE": after["fr_BE"]}
    assert built == []
    assert _tag(client, "de_DE") != after["de_DE"]
    assert built == ["de_DE"]


def test_a_variant_save_leaves_its_parent_alone(
        client: FlaskClient, db: Session, locales: dict[str, Catalog]) -> None:
    parent = _tag(client, "fr_FR")
    variant = _tag(client, "fr_BE")
    _save(db, locales["fr_BE"], "Cancel", "Annuler, une fois")
    assert _tag(client, "fr_FR") == parent
    assert _tag(client, "fr_BE") != variant


def _stamps(db: Session, catalog: Catalog) -> dict[str, int]:
    keys = [revisions.CATALOGS, revisions.catalog_key(catalog.id)]
    return revisions.read_many(db.connection(), keys)


def test_every_writer_of_entries_moves_the_catalog_stamp(
        db: Session, locales: dict[str, Catalog]) -> None:
    french, german = locales["fr_FR"], locales["de_DE"]
    german_before = _stamps(db, german)
    # A bulk write on the session's raw connection, past the session's events.
    before = _stamps(db, french)
    bulk.insert_rows(db.connection(), Message.__table__, [records.row(
        french.id, 99, reader.parse(b'msgid "Extra"\nmsgstr "En plus"\n').entries[0],
        catalogs.catalog_rule(french), utcnow())])
    after = _stamps(db, french)
    assert after[revisions.catalog_key(french.id)] != before[revisions.catalog_key(french.id)]
    assert after[revisions.CATALOGS] == before[revisions.CATALOGS]
    # An UPDATE whose criteria do not name the catalog: the matching rows tell.
    from sqlalchemy import update

    db.execute(update(Message).where(Message.msgid == "Extra").values(translations=["Bis"]))
    again = _stamps(db, french)
    assert again[revisions.catalog_key(french.id)] != after[revisions.catalog_key(french.id)]
    assert _stamps(db, german) == german_before


def test_the_cache_never_exceeds_its_byte_bound(
        app: Flask, client: FlaskClient, db: Session, locales: dict[str, Catalog]) -> None:
    bodies = {locale: client.get(f"/api/v1/catalogs/app/{locale}.json").data
              for locale in locales}
    bound = max(len(b) for b in bodies.values()) + 10  # room for one answer, not two
    cache = catalog_cache()
    cache.clear()
    cache.max_bytes = bound
    for _round in range(3):
        for locale in locales:
            assert client.get(f"/api/v1/catalogs/app/{locale}.json").data == bodies[locale]
            assert cache.total_bytes <= bound
    assert 0 < cache.total_bytes <= bound


def test_an_answer_larger_than_the_bound_is_served_not_kept() -> None:
    cache = CatalogCache(max_bytes=10)
    answer = cache.answer("big", 1, lambda: b"x" * 100)
    assert answer.body == b"x" * 100 and cache.total_bytes == 0
    for number in range(20):
        cache.answer(number, 1, lambda: b"12345")
        assert cache.total_bytes <= 10
    assert cache.total_bytes == 10 and cache.get(19, 1) is not None
    assert cache.get(0, 1) is None


def test_concurrent_misses_share_one_build() -> None:
    cache = CatalogCache(max_bytes=1000)
    builds: list[int] = []

    def build() -> bytes:
        builds.append(1)
        time.sleep(0.2)
        return b'{"messages":{}}'

    answers = []
    threads = [threading.Thread(target=lambda: answers.append(cache.answer("k", 7, build)))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len(answers) == 6
    assert {a.etag for a in answers} == {answers[0].etag}
    cache.answer("k", 8, build)  # a new stamp is a new answer
    assert len(builds) == 2


def test_workers_sharing_a_folder_build_once(tmp_path: Path) -> None:
    first, second = CatalogCache(100, tmp_path), CatalogCache(100, tmp_path)
    built = []
    answer = first.answer("k", 1, lambda: built.append(1) or b"body")
    again = second.answer("k", 1, lambda: built.append(2) or b"other")
    assert built == [1] and again.body == b"body" and again.etag == answer.etag
    small = CatalogCache(100, tmp_path, folder_bytes=40)
    for number in range(10):
        small.answer(number, 1, lambda: b"0123456789")
    assert sum(p.stat().st_size for p in tmp_path.glob("*.answer")) <= 40
