"""Every catalog GNU gettext accepts comes back byte for byte through the database, edits
stay faithful to the file's own ways, and nothing is stored that an export could not write
or msgfmt -c would refuse where msgmerge's result passes.

The crafted files in ``data/`` each hold one class of catalog found in the wild; the real
catalogs of ``../shared/corpus/po/`` are checked the same way when present.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations
from backoffice.catalogs.fidelity import fidelity
from backoffice.catalogs.gettext_tools import msgfmt_problems
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import ImportResult, SaveResult
from backoffice.catalogs.plurals import default_plural_rule
from tests.catalogs.conftest import DATA
from tests.catalogs.workspace import corpus_files, export_fresh, message, needs_corpus
from tests.support.fixture_types import MakeUser, SignedIn

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

# Crafted files GNU gettext accepts, and the locale each one is for.
ACCEPTED = {
    "charset_latin1.po": "de_DE",
    "plural_extra_forms.po": "ja_JP",
    "plural_forms_empty.po": "fr_FR",
    "line_ends_crcrlf.po": "de_DE",
    "charset_space_koi8r.po": "ru_RU",
    "format_flag_before.po": "fr_FR",
    "obsolete_duplicate.po": "de_DE",
    "plural_one_without_count.po": "de_DE",
    "wrapping_mixed.po": "de_DE",
    "de_DE.wrapped79.po": "de_DE",
    "ja.wrapped79.po": "ja_JP",
}


def _import(name: str, locale: str | None = None, domain: str = "app") -> ImportResult:
    return operations.import_file(domain, locale or ACCEPTED[name], (DATA / name).read_bytes(),
                                  filename=name)


def _save(catalog: Catalog, msgid: str, forms: list[str]) -> SaveResult:
    target = message(catalog, msgid)
    return operations.save_translation(target, forms, version=target.version)


@pytest.fixture
def bearer(make_user: MakeUser) -> dict[str, str]:
    _row, clear = tokens.create_token(make_user("admin"), "ci")
    return {"Authorization": f"Bearer {clear}"}


# --- every accepted file, unedited, comes back byte for byte ------------------------------


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_crafted_file_round_trips_byte_for_byte(app: Flask, name: str) -> None:
    catalog = _import(name).catalog
    assert export_fresh(catalog) == (DATA / name).read_bytes()
    report = fidelity(catalog)
    assert report.imported and report.identical
    assert (report.edited, report.added, report.removed) == (0, 0, 0)


@needs_corpus
@needs_msgfmt
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_catalog_is_identical_and_accepted_by_msgfmt(app: Flask, path: Path) -> None:
    locale = "en" if path.suffix == ".pot" else path.stem
    catalog = operations.import_file("corpus", locale, path.read_bytes()).catalog
    report = fidelity(catalog)
    assert report.identical and report.size == path.stat().st_size
    if path.suffix == ".po":
        assert msgfmt_problems(export_fresh(catalog)) is None


# --- 1. a character the charset cannot hold -----------------------------------------------


def test_saving_a_character_the_charset_cannot_hold_is_refused(
        app: Flask, client: FlaskClient, signed_in: SignedIn, bearer: dict[str, str]) -> None:
    catalog = _import("charset_latin1.po").catalog
    target = message(catalog, "Price in euros")
    signed_in("admin")
    page = client.post(f"/catalogs/app/de_DE/messages/{target.id}",
                       data={"translation": "Preis in €", "version": target.version})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "ISO-8859-1" in html and "“€”" in html
    assert ">Preis in €</textarea>" in html  # the typed text is kept
    as_json = client.post(f"/catalogs/api/messages/{target.id}",
                          json={"translations": ["Preis in €"], "version": target.version})
    assert as_json.status_code == 422 and "ISO-8859-1" in as_json.get_json()["error"]
    api = client.put(f"/api/v1/admin/catalogs/messages/{target.id}", headers=bearer,
                     json={"translations": ["Preis in €"], "version": target.version})
    assert api.status_code == 422 and "ISO-8859-1" in api.get_json()["error"]
    assert export_fresh(catalog) == (DATA / "charset_latin1.po").read_bytes()
    # What Latin-1 holds is saved as usual, in Latin-1.
    _save(catalog, "Price in euros", ["Preis in Euro (ä)"])
    assert 'msgstr "Preis in Euro (ä)"'.encode("latin-1") in export_fresh(catalog)


def test_importing_a_character_the_charset_cannot_hold_is_refused(app: Flask) -> None:
    catalog = _import("charset_latin1.po").catalog
    utf8 = (DATA / "charset_latin1.po").read_bytes().decode("latin-1").replace(
        "ISO-8859-1", "UTF-8").replace('msgid "Price in euros"\nmsgstr ""',
                                       'msgid "Price in euros"\nmsgstr "Preis in €"')
    with pytest.raises(operations.CatalogFileError) as caught:
        operations.import_file("app", "de_DE", utf8.encode(), mode="overwrite")
    assert "ISO-8859-1" in caught.value.message and "“€”" in caught.value.message
    assert caught.value.problems[0][0] == utf8.splitlines().index('msgid "Price in euros"') + 1
    assert export_fresh(catalog) == (DATA / "charset_latin1.po").read_bytes()


def test_convert_to_utf8_from_the_console_is_audited_and_changes_one_line(
        app: Flask, client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    catalog = _import("charset_latin1.po").catalog
    signed_in("admin")
    page = client.get("/catalogs/app/de_DE/").get_data(as_text=True)
    assert "ISO-8859-1" in page and "Convert this catalog to UTF-8" in page
    done = client.post("/catalogs/app/de_DE/convert-utf8", data={"reason": "euro prices"})
    assert done.status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "catalog.converted_to_utf8"))
    assert event is not None and event.before == {"charset": "ISO-8859-1"}
    assert event.reason == "euro prices"
    _save(catalog, "Price in euros", ["Preis in €"])
    before = (DATA / "charset_latin1.po").read_bytes().decode("latin-1").splitlines()
    after = export_fresh(catalog).decode("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ('"Content-Type: text/plain; charset=ISO-8859-1\\n"',
         '"Content-Type: text/plain; charset=UTF-8\\n"'),
        ('msgstr ""', 'msgstr "Preis in €"'),
    ]
    page = client.get("/catalogs/app/de_DE/").get_data(as_text=True)
    assert "written in UTF-8" in page and "Convert this catalog" not in page
    assert client.post("/catalogs/app/de_DE/convert-utf8", data={}).status_code == 302
    assert "already in UTF-8" in client.get("/catalogs/app/de_DE/").get_data(as_text=True)


def test_convert_to_utf8_needs_the_manage_permission(
        app: Flask, client: FlaskClient, signed_in: SignedIn) -> None:
    _import("charset_latin1.po")
    signed_in("translator", locales=("de_DE",))
    assert client.post("/catalogs/app/de_DE/convert-utf8").status_code == 403
    assert "Convert this catalog" not in client.get("/catalogs/app/de_DE/").get_data(as_text=True)


@needs_msgfmt
def test_a_template_bringing_characters_the_charset_lacks_converts_like_msgmerge(
        app: Flask, db: Session) -> None:
    catalog = _import("charset_latin1.po").catalog
    template = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                b'msgid "Price"\nmsgstr ""\n\nmsgid "Price in \xe2\x82\xac"\nmsgstr ""\n')
    result = operations.update_from_template(catalog, template)
    assert result.converted_from == "ISO-8859-1"
    data = export_fresh(catalog)
    assert b"charset=UTF-8" in data and "Price in €".encode() in data
    assert msgfmt_problems(data) is None


# --- 2. more msgstr[] than nplurals on an untranslated entry ------------------------------


@needs_msgfmt
def test_extra_plural_forms_on_an_untranslated_entry_are_kept_and_flagged(app: Flask) -> None:
    catalog = _import("plural_extra_forms.po").catalog
    seats = message(catalog, "%(num)d seat")
    assert seats.translations == ["", "%(num)d 席"]
    assert any(f["check"] == "plural-count" for f in seats.findings)
    assert msgfmt_problems(export_fresh(catalog)) is None


# --- 3. an empty Plural-Forms header ------------------------------------------------------


def test_an_empty_plural_forms_header_falls_back_to_cldr(app: Flask) -> None:
    catalog = _import("plural_forms_empty.po").catalog
    cldr = default_plural_rule("fr_FR")
    assert catalog.plural_forms is None and catalog.nplurals == cldr.nplurals
    assert operations.catalog_rule(catalog).header == cldr.header
    template = (DATA / "plural_forms_empty.po").read_bytes().replace(
        b'msgstr "Si\xc3\xa8ges"', b'msgstr ""') + b'\nmsgid "Ride"\nmsgid_plural "Rides"\n' \
        b'msgstr[0] ""\nmsgstr[1] ""\n'
    result = operations.update_from_template(catalog, template)
    assert result.added == 1
    assert b'"Plural-Forms: \\n"' in export_fresh(catalog)
    assert message(catalog, "Ride").translations == [""] * cldr.nplurals


# --- 5. line ends and charset spellings ---------------------------------------------------


def test_cr_cr_lf_line_ends_and_a_spaced_charset_are_read_as_gettext_does(app: Flask) -> None:
    crlf = _import("line_ends_crcrlf.po").catalog
    assert message(crlf, "Hello %(name)s").translations == ["Hallo %(name)s"]
    _save(crlf, "Seats", ["Plätze"])
    data = export_fresh(crlf)
    assert b'msgstr "Pl\xc3\xa4tze"\r\n' in data  # an edit follows the file's line ends
    koi8 = _import("charset_space_koi8r.po").catalog
    assert message(koi8, "Seats").translations == ["Места"]
    _save(koi8, "Book", ["Забронировать"])
    assert "Забронировать".encode("koi8-r") in export_fresh(koi8)


# --- 6. a template adds a format flag the translation fails -------------------------------


@needs_msgfmt
def test_update_makes_a_translation_failing_a_new_format_flag_a_draft(app: Flask) -> None:
    catalog = _import("format_flag_before.po").catalog
    hello = message(catalog, "Hello %s")
    assert hello.state == "translated"
    operations.update_from_template(catalog, (DATA / "format_flag.pot").read_bytes())
    hello = message(catalog, "Hello %s")
    assert hello.state == "draft" and hello.flags == ["fuzzy", "c-format"]
    assert [f["check"] for f in hello.findings] == ["c-format"]
    assert message(catalog, "Goodbye").state == "translated"
    data = export_fresh(catalog)
    assert b'#, fuzzy, c-format\nmsgid "Hello %s"' in data
    assert msgfmt_problems(data) is None


# --- 7. an obsolete entry repeating an active msgid ---------------------------------------


@needs_msgfmt
def test_an_obsolete_duplicate_is_kept_with_a_warning_and_left_out_of_compiling(
        app: Flask, tmp_path: Path) -> None:
    from backoffice.catalogs.gettext_tools import compile_mo

    result = _import("obsolete_duplicate.po")
    assert len(result.messages) == 1 and "line 20" in result.messages[0]
    assert export_fresh(result.catalog) == (DATA / "obsolete_duplicate.po").read_bytes()
    data, skipped = operations.compile_input(result.catalog)
    assert len(skipped) == 1 and "'Seats'" in skipped[0]
    mo = tmp_path / "de_DE" / "LC_MESSAGES" / "app.mo"
    assert compile_mo(data, mo) == "msgfmt"
    translations = gettext.translation("app", str(tmp_path), languages=["de_DE"])
    assert translations.gettext("Seats") == "Plätze"


# --- 8. the "one" form may leave out the count --------------------------------------------


def test_a_singular_form_without_the_count_is_a_warning_where_one_is_one_number(app: Flask) -> None:
    catalog = _import("plural_one_without_count.po").catalog
    results = message(catalog, "${resultCount} result")
    assert results.state == "translated" and not results.failing
    assert [(f["check"], f["severity"], f["form"]) for f in results.findings] == [
        ("python-brace-format", "warning", 0)
    ]
    saved = _save(catalog, "${resultCount} result", ["Ein Treffer", "${resultCount} Treffer"])
    assert saved.saved and saved.message.state == "translated"
    # French "one" is 0 and 1: there the count cannot be left out.
    french = (DATA / "plural_one_without_count.po").read_text().replace(
        "nplurals=2; plural=(n != 1);", "nplurals=2; plural=(n > 1);").replace(
        "Language: de", "Language: fr")
    catalog = operations.import_file("app", "fr_FR", french.encode()).catalog
    assert message(catalog, "${resultCount} result").failing


# --- also: an edit keeps the file's wrapping for its keyword ------------------------------


def test_an_edited_msgstr_keeps_the_files_unwrapped_style(app: Flask) -> None:
    catalog = _import("wrapping_mixed.po").catalog
    longer = ("Sie haben eine einzige Nachricht, die im Posteingang Ihres Mitfahrkontos "
              "schon seit gestern auf Sie wartet.")
    target = message(catalog, "You have one message waiting for you in the inbox of your "
                              "carpool account.")
    operations.save_translation(target, [longer, target.translations[1]], version=target.version)
    lines = export_fresh(catalog).decode().splitlines()
    assert f'msgstr[0] "{longer}"' in lines  # one line, as the file writes its msgstr
    assert '"You have %(count)d messages waiting for you in the inbox of your carpool "' in lines
    _save(catalog, "Inbox", ["Ein Posteingang mit einem sehr langen Namen, der länger als die "
                             "neunundsiebzig Spalten der umgebrochenen Zeilen ist"])
    assert any(line.startswith('msgstr "Ein Posteingang') and len(line) > 79 for line in
               export_fresh(catalog).decode().splitlines())


# --- the fidelity report on the catalog page ----------------------------------------------


def test_the_catalog_page_reports_fidelity_on_demand(
        app: Flask, client: FlaskClient, signed_in: SignedIn) -> None:
    catalog = _import("format_flag_before.po").catalog
    signed_in("viewer")
    page = client.get("/catalogs/app/fr_FR/").get_data(as_text=True)
    assert "Check fidelity" in page and 'data-fidelity' not in page
    report = client.get("/catalogs/app/fr_FR/?fidelity=1").get_data(as_text=True)
    assert 'data-fidelity="identical"' in report and "byte-identical" in report
    _save(catalog, "Goodbye", ["À bientôt"])
    report = client.get("/catalogs/app/fr_FR/?fidelity=1").get_data(as_text=True)
    assert 'data-fidelity="changed"' in report
    assert "Entries edited since the import: 1; added: 0; removed: 0." in report


def test_fidelity_counts_template_changes(app: Flask, db: Session) -> None:
    catalog = _import("format_flag_before.po").catalog
    template = (DATA / "format_flag.pot").read_bytes().replace(b'msgid "Goodbye"', b'msgid "Bye"')
    operations.update_from_template(catalog, template)
    report = fidelity(catalog)
    # "Hello %s" became a c-format draft and "Goodbye" obsolete; "Bye" is new.
    assert not report.identical
    assert (report.edited, report.added, report.removed) == (2, 1, 0)
    assert report.header_changed is False
    rows = set(db.scalars(select(Message.msgid).where(Message.catalog_id == catalog.id)))
    assert rows == {"Hello %s", "Goodbye", "Bye"}


def test_a_catalog_not_imported_from_a_file_says_so(app: Flask, db: Session) -> None:
    catalog = _import("format_flag_before.po").catalog
    catalog.source_sha256 = catalog.source_size = catalog.source_entries = None
    db.flush()
    report = fidelity(catalog)
    assert not report.imported and not report.identical
