"""Glossaries: terms per language, highlighted in the editor, a warning when the
translation does not use them, CSV and TBX files in and out, within scopes."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations as catalogs
from backoffice.core.errors import OperationError
from backoffice.glossary import formats, operations
from backoffice.glossary.operations import TermData
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser, SignedIn


@pytest.fixture
def terms(db: Session, make_user: MakeUser) -> User:
    actor = make_user("admin")
    operations.save_term("fr", TermData("ride", "trajet", "noun", "a shared trip"), actor=actor)
    operations.save_term("fr", TermData("BlaBlaCar", do_not_translate=True,
                                        part_of_speech="proper noun"), actor=actor)
    return actor


def test_terms_are_found_by_whole_words_and_checked(terms: User) -> None:
    pool = operations.candidates("fr", ["Search rides with BlaBlaCar, or one ride"])
    found = [t.source for _s, _e, t in
             operations.matches("Search rides with BlaBlaCar, or one ride", pool)]
    assert found == ["BlaBlaCar", "ride"]  # "rides" is not the word "ride"
    warnings = operations.findings("Book a ride on BlaBlaCar", ["Réservez un voyage sur Blabla"],
                                   pool)
    assert [w["check"] for w in warnings] == ["glossary", "glossary"]
    assert "trajet" in warnings[0]["message"] and "BlaBlaCar" in warnings[1]["message"]
    assert operations.findings("Book a ride on BlaBlaCar",
                               ["Réservez un TRAJET sur BlaBlaCar"], pool) == []
    assert operations.findings("Book a ride", [""], pool) == []  # nothing typed yet


def test_saving_a_term_validates_and_audits(terms: User, db: Session) -> None:
    with pytest.raises(OperationError):
        operations.save_term("fr", TermData("seat", ""), actor=terms)
    with pytest.raises(OperationError):
        operations.save_term("French", TermData("seat", "place"), actor=terms)
    term = operations.save_term("fr", TermData("Ride", "covoiturage"), actor=terms)
    assert len(operations.terms("fr")) == 2 and term.translation == "covoiturage"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "glossary.term_saved")
                     .order_by(AuditEvent.id.desc())).before["translation"] == "trajet"


def test_csv_and_tbx_round_trip_and_bad_files_change_nothing(terms: User) -> None:
    stored = operations.terms("fr")
    for data, name in ((formats.export_csv(stored), "g.csv"),
                       (formats.export_tbx("fr", stored), "g.tbx")):
        rows = formats.read_tbx(data, "fr") if name.endswith(".tbx") else formats.read_csv(data)
        assert {(r.source, r.translation, r.part_of_speech, r.note, r.do_not_translate)
                for r in rows} == {("BlaBlaCar", "BlaBlaCar", "proper noun", "", True),
                                   ("ride", "trajet", "noun", "a shared trip", False)}
        assert formats.import_terms("fr", data, name, actor=terms) == 2
    bad = b"source,translation\nseat,place\ndriver,\n"
    with pytest.raises(OperationError, match="line 3"):
        formats.import_terms("de", bad, "bad.csv", actor=terms)
    assert operations.terms("de") == []
    with pytest.raises(OperationError):
        formats.import_terms("de", b"<martif><broken", "bad.tbx", actor=terms)


def test_the_editor_highlights_terms_and_warns(
        client: FlaskClient, signed_in: SignedIn, terms: User) -> None:
    signed_in("translator", locales=("fr_FR",))
    parent, _ = french()
    operations.save_term("fr", TermData("Search", "Rechercher", "verb"), actor=terms)
    operations.save_term("fr", TermData("Book", "Réserver", "verb"), actor=terms)
    html = client.get("/catalogs/app/fr_FR/").get_data(as_text=True)
    assert '<mark class="glossary-term" data-term="Search" title="Rechercher (verb)">' in html
    book = message(parent, "Book")
    body = client.post(f"/catalogs/api/messages/{book.id}",
                       json={"translations": ["Prendre une place"], "version": book.version}
                       ).get_json()
    assert body["state"] == "translated"  # a warning does not hold the text back
    assert any(f["check"] == "glossary" and "Réserver" in f["message"]
               for f in body["findings"])
    page = client.get("/catalogs/app/fr_FR/").get_data(as_text=True)
    assert 'class="finding warning glossary"' in page
    panel = client.get(f"/catalogs/api/messages/{book.id}/panel").get_json()
    assert panel["glossary"][0]["translation"] == "Réserver" and "Réserver" in panel["html"]
    catalogs.get_catalog("app", "fr_FR")


def test_glossary_pages_and_scopes(client: FlaskClient, signed_in: SignedIn, terms: User) -> None:
    french()
    signed_in("reviewer", locales=("fr_FR",))  # fr_BE also speaks French: not theirs
    assert client.get("/glossary/fr/").status_code == 200
    assert client.post("/glossary/fr/terms", data={"source": "seat",
                                                   "translation": "place"}).status_code == 403
    assert client.get("/glossary/fr/export.tbx").status_code == 200
    csv_file = client.get("/glossary/fr/export.csv").get_data()
    assert csv_file.startswith(b"source,translation,part_of_speech,note,do_not_translate")


def test_a_reviewer_of_every_locale_of_the_language_edits_it(
        client: FlaskClient, signed_in: SignedIn, terms: User) -> None:
    french()
    signed_in("reviewer", locales=("fr_FR", "fr_BE"))
    response = client.post("/glossary/fr/terms", data={"source": "seat", "translation": "place",
                                                       "part_of_speech": "noun"})
    assert response.status_code == 302
    assert "place" in client.get("/glossary/fr/").get_data(as_text=True)
    bad = client.post("/glossary/fr/terms", data={"source": "", "translation": "x"})
    assert bad.status_code == 400
