"""Import, edit, review, conflicts, counters, variants, reverts and template updates."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog, ImportBatch, Message, TranslationHistory
from backoffice.core.errors import ConflictError, OperationError
from tests.catalogs.workspace import (
    FR_HEADER,
    PL_HEADER,
    SMALL_PL,
    export_fresh,
    import_text,
    locale,
    message,
)
from tests.support.fixture_types import MakeUser


def _catalog_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Catalog))


# --- validation -------------------------------------------------------------------------


def test_truncated_file_is_refused_with_its_line_and_nothing_changes(db: Session) -> None:
    text = SMALL_PL + 'msgid "Cut here\n'
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(text)
    assert caught.value.problems
    assert "line" in caught.value.message
    assert _catalog_count(db) == 0


def test_wrong_encoding_is_refused(db: Session) -> None:
    data = SMALL_PL.encode("utf-8").replace("przejazdów".encode(), "przejazdów".encode("latin-1",
                                                                                       "replace"))
    with pytest.raises(operations.CatalogFileError) as caught:
        operations.import_file("app", "pl_PL", data)
    assert "UTF-8" in caught.value.message or "utf" in caught.value.message.lower()
    assert _catalog_count(db) == 0


def test_unparsable_plural_forms_is_refused(db: Session) -> None:
    text = SMALL_PL.replace("nplurals=3; plural=(n==1", "nplurals=3; plural=(n==1 ? import os")
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(text)
    assert "Plural-Forms" in caught.value.message
    assert _catalog_count(db) == 0


def test_bad_file_into_an_existing_catalog_changes_nothing(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    before = operations.export_bytes(catalog)
    with pytest.raises(operations.CatalogFileError):
        import_text(SMALL_PL.replace('msgstr ""\n', 'msgstr "broken\n', 1), mode="overwrite")
    assert export_fresh(catalog) == before
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_empty_file_and_unknown_mode_are_refused(db: Session) -> None:
    with pytest.raises(operations.CatalogFileError):
        operations.import_file("app", "pl_PL", b"  \n")
    with pytest.raises(OperationError):
        import_text(SMALL_PL, mode="merge-everything")
    with pytest.raises(OperationError):
        import_text(SMALL_PL, locale_code="not a locale")


# --- modes and batches ------------------------------------------------------------------


def _second_file(book: str = "Rezerwuj", search: str = "Wyszukaj przejazdy") -> str:
    return SMALL_PL.replace('msgid "Book"\nmsgstr ""', f'msgid "Book"\nmsgstr "{book}"').replace(
        '"Szukaj przejazdów"', f'"{search}"'
    ) + '\nmsgid "Not in the catalog"\nmsgstr "Nie ma w katalogu"\n'


def test_fill_mode_fills_empty_messages_only(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    result = import_text(_second_file(), mode="fill")
    assert (result.changed, result.skipped, result.unknown) == (1, 3, 1)
    assert message(catalog, "Book", "button").translations == ["Rezerwuj"]
    assert message(catalog, "Search rides").translations == ["Szukaj przejazdów"]


def test_overwrite_mode_replaces_differing_translations(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    result = import_text(_second_file(), mode="overwrite")
    assert result.changed == 2
    assert message(catalog, "Search rides").translations == ["Wyszukaj przejazdy"]
    assert message(catalog, "Search rides").state == "translated"


def test_draft_mode_brings_translations_in_as_drafts(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    import_text(_second_file(), mode="draft")
    assert message(catalog, "Search rides").state == "draft"
    assert message(catalog, "Book", "button").state == "draft"
    assert catalog.draft_count == operations.recount(catalog)["draft"]


def test_a_batch_is_reverted_as_a_whole_and_audited(db: Session, make_user: MakeUser) -> None:
    user = make_user("launch_manager")
    catalog = import_text(SMALL_PL).catalog
    original = operations.export_bytes(catalog)
    result = import_text(_second_file(), mode="overwrite", actor=user)
    history = db.scalars(select(TranslationHistory).where(
        TranslationHistory.batch_id == result.batch.id)).all()
    assert {tuple(h.translations_before) for h in history} == {("",), ("Szukaj przejazdów",)}
    assert operations.revert_batch(result.batch, actor=user, reason="wrong file") == 2
    assert export_fresh(catalog) == original
    assert operations.recount(catalog) == catalog.counters()
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "catalog.import_reverted")).one()
    assert event.reason == "wrong file" and event.actor_email == user.email
    with pytest.raises(OperationError):
        operations.revert_batch(result.batch, actor=user)


def test_a_batch_edited_since_cannot_be_reverted(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    result = import_text(_second_file(), mode="overwrite")
    search = message(catalog, "Search rides")
    operations.save_translation(search, ["Szukaj"], version=search.version)
    with pytest.raises(ConflictError):
        operations.revert_batch(result.batch)
    assert message(catalog, "Search rides").translations == ["Szukaj"]


# --- editing ----------------------------------------------------------------------------


def test_save_bumps_version_and_writes_history(db: Session, make_user: MakeUser) -> None:
    user = make_user("translator")
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    result = operations.save_translation(book, ["Zarezerwuj"], version=1, actor=user)
    assert result.saved and book.version == 2 and book.state == "translated"
    assert book.author_id == user.id
    entry = operations.message_history(book)[0]
    assert (entry.translations_before, entry.translations, entry.author_id) == (
        [""], ["Zarezerwuj"], user.id)


def test_stale_version_is_a_conflict_keeping_both_texts(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    operations.save_translation(book, ["Zarezerwuj"], version=1)
    with pytest.raises(operations.TranslationConflict) as caught:
        operations.save_translation(book, ["Rezerwacja"], version=1)
    assert caught.value.yours == ["Rezerwacja"]
    assert caught.value.current.translations == ["Zarezerwuj"]
    assert caught.value.status_code == 409
    # Keep mine: save again with the current version.
    operations.save_translation(book, ["Rezerwacja"], version=caught.value.current.version)
    assert message(catalog, "Book", "button").translations == ["Rezerwacja"]


def test_failing_check_keeps_the_text_as_a_draft(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    price = message(catalog, "Price: %(price)s")
    result = operations.save_translation(price, ["Cena: %(cena)s"], version=1)
    assert result.saved
    assert price.translations == ["Cena: %(cena)s"]
    assert price.state == "draft" and price.failing
    assert any(f["severity"] == "error" for f in result.findings)
    assert catalog.failing_count == 1 == operations.recount(catalog)["failing"]


def test_plural_message_needs_every_form(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    seats = message(catalog, "%(count)s seat left")
    with pytest.raises(OperationError):
        operations.save_translation(seats, ["a", "b"], version=1)
    result = operations.save_translation(
        seats, ["Zostało %(count)s miejsce", "", "Zostało %(count)s miejsc"], version=1)
    assert seats.state == "draft"
    assert any(f["check"] == "plural-empty" for f in result.findings)


def test_review_then_edit_makes_it_translated_again(db: Session, make_user: MakeUser) -> None:
    reviewer = make_user("reviewer")
    catalog = import_text(SMALL_PL).catalog
    search = message(catalog, "Search rides")
    operations.review(search, version=search.version, actor=reviewer)
    assert search.state == "reviewed" and catalog.reviewed_count == 1
    operations.save_translation(search, ["Szukaj przejazdu"], version=search.version)
    assert search.state == "translated"
    assert operations.recount(catalog) == catalog.counters()
    with pytest.raises(OperationError):
        operations.review(message(catalog, "Book", "button"), version=1)


def test_counters_follow_every_edit_without_recounting(db: Session) -> None:
    locale("pl_PL")
    catalog = import_text(SMALL_PL).catalog
    assert catalog.counters() == operations.recount(catalog)
    edits = [
        ("Book", "button", ["Zarezerwuj"]),
        ("Leaving from", None, ["Skąd"]),
        ("Price: %(price)s", None, ["Cena %(x)s"]),  # error: draft, failing
        ("Price: %(price)s", None, ["Cena: %(price)s"]),  # fixed
        ("Leaving from", None, [""]),  # cleared
        ("Offer a ride now", None, ["Zaproponuj przejazd teraz"]),  # draft -> translated
    ]
    for msgid, ctxt, forms in edits:
        target = message(catalog, msgid, ctxt)
        operations.save_translation(target, forms, version=target.version)
        db.expire(catalog)
        assert catalog.counters() == operations.recount(catalog), msgid
    assert catalog.counters()["translated"] == 5


# --- variants ---------------------------------------------------------------------------

VARIANT = FR_HEADER.replace("fr_FR", "fr_BE") + '''
msgid "Search rides"
msgstr ""

msgid "Seventy"
msgstr "Septante"

msgid "Book"
msgstr ""
'''

PARENT = FR_HEADER + '''
msgid "Search rides"
msgstr "Rechercher un trajet"

msgid "Seventy"
msgstr "Soixante-dix"

msgid "Book"
msgstr ""
'''


def test_variant_inherits_its_parents_text(db: Session) -> None:
    locale("fr_FR")
    locale("fr_BE", parent="fr_FR")
    parent = import_text(PARENT, "fr_FR").catalog
    child = import_text(VARIANT, "fr_BE").catalog
    assert child.inherited_count == 1 and child.translated_count == 1
    assert child.coverage == pytest.approx(2 / 3)
    # The parent translates "Book": the variant's inherited count follows.
    book = message(parent, "Book")
    operations.save_translation(book, ["Réserver"], version=book.version)
    db.expire(child)
    assert child.inherited_count == 2 == operations.recount(child)["inherited"]
    # The variant overrides: no longer inherited.
    own = message(child, "Book")
    operations.save_translation(own, ["Réserver (BE)"], version=own.version)
    db.expire(child)
    assert child.inherited_count == 1 == operations.recount(child)["inherited"]
    overrides = export_fresh(child).decode()
    assert 'msgid "Search rides"\nmsgstr ""' in overrides
    flat = operations.export_bytes(child, flatten=True).decode()
    assert 'msgid "Search rides"\nmsgstr "Rechercher un trajet"' in flat
    assert 'msgstr "Septante"' in flat and 'msgstr "Réserver (BE)"' in flat


def test_variant_imported_before_its_parent_gets_its_inherited_count(db: Session) -> None:
    locale("fr_FR")
    locale("fr_BE", parent="fr_FR")
    child = import_text(VARIANT, "fr_BE").catalog
    assert child.inherited_count == 0
    import_text(PARENT, "fr_FR")
    assert child.inherited_count == 1 == operations.recount(child)["inherited"]


# --- suggestions ------------------------------------------------------------------------


def test_suggestions_offer_exact_and_near_matches(db: Session) -> None:
    locale("fr_FR")
    locale("fr_CA")
    import_text(PARENT + '\nmsgid "Search rides near you"\nmsgstr "Trajets près de vous"\n',
                "fr_FR")
    other = import_text(FR_HEADER.replace("fr_FR", "fr_CA") + '''
msgid "Search rides"
msgstr ""

msgid "Search rides nearby"
msgstr ""
''', "fr_CA").catalog
    import_text(PL_HEADER + '\nmsgid "Search rides"\nmsgstr "Szukaj przejazdów"\n', "pl_PL")
    exact = operations.suggestions(message(other, "Search rides"), other)
    # The same language first, then other languages.
    assert [(s.locale, s.exact) for s in exact] == [
        ("fr_FR", True), ("fr_FR", False), ("pl_PL", True)]
    assert exact[0].translations == ["Rechercher un trajet"]
    near = operations.suggestions(message(other, "Search rides nearby"), other)
    assert any(not s.exact and s.translations == ["Trajets près de vous"] for s in near)


# --- template update --------------------------------------------------------------------

TEMPLATE = '''msgid ""
msgstr ""
"Project-Id-Version: carpool 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: app/search.py:10
msgid "Search rides"
msgstr ""

#: app/search.py:12
#, python-format
msgid "%(count)s seat left"
msgid_plural "%(count)s seats left"
msgstr[0] ""
msgstr[1] ""

msgctxt "button"
msgid "Book"
msgstr ""

#, python-format
msgid "Price per seat: %(price)s"
msgstr ""

msgid "Cancellation policy"
msgstr ""
'''


def test_template_update_adds_obsoletes_and_matches_as_drafts(db: Session) -> None:
    catalog = import_text(SMALL_PL.replace('"Price: %(price)s"\nmsgstr ""',
                                           '"Price: %(price)s"\nmsgstr "Cena: %(price)s"'))
    catalog = catalog.catalog
    result = operations.update_from_template(catalog, TEMPLATE.encode())
    assert result.added >= 1 and result.fuzzy == 1
    new = message(catalog, "Cancellation policy")
    assert new is not None and new.state == "untranslated"
    matched = message(catalog, "Price per seat: %(price)s")
    assert matched.state == "draft" and matched.translations == ["Cena: %(price)s"]
    assert matched.previous_msgid == "Price: %(price)s"
    assert message(catalog, "Search rides").translations == ["Szukaj przejazdów"]
    obsolete = db.scalars(select(Message).where(Message.catalog_id == catalog.id,
                                                Message.obsolete.is_(True))).all()
    assert "Old message" in {m.msgid for m in obsolete}
    assert operations.recount(catalog) == catalog.counters()
    text = export_fresh(catalog).decode()
    assert text.index("Search rides") < text.index("Cancellation policy") < text.index(
        "#~ msgid")


def test_import_records_an_audit_event(db: Session) -> None:
    import_text(SMALL_PL)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "catalog.imported")).one()
    assert event.object_id == "app/pl_PL"


def test_header_only_and_weird_headers_import(db: Session) -> None:
    result = import_text(PL_HEADER)
    assert result.catalog.total_count == 0
    assert export_fresh(result.catalog) == PL_HEADER.encode()


def test_template_update_keeps_obsolete_entries_sharing_a_key(db: Session) -> None:
    text = SMALL_PL + '\n#~ msgid "Old message"\n#~ msgstr "Inna stara wiadomość"\n'
    catalog = import_text(text).catalog
    operations.update_from_template(catalog, TEMPLATE.encode())
    obsolete = db.scalars(select(Message).where(
        Message.catalog_id == catalog.id, Message.obsolete.is_(True),
        Message.msgid == "Old message")).all()
    assert sorted(m.translations[0] for m in obsolete) == ["Inna stara wiadomość",
                                                           "Stara wiadomość"]
    positions = db.scalars(select(Message.position).where(
        Message.catalog_id == catalog.id)).all()
    assert len(positions) == len(set(positions))
    assert export_fresh(catalog).decode().count('#~ msgid "Old message"') == 2


def test_every_save_and_review_is_audited(db: Session, make_user: MakeUser) -> None:
    from backoffice.audit.models import AuditEvent
    from backoffice.catalogs import operations as ops
    from backoffice.catalogs.models import Message

    data = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            b'msgid "Seat"\nmsgstr ""\n')
    ops.import_file("app", "pl_PL", data, filename="pl.po")
    translator = make_user("reviewer", locales=("pl_PL",))
    message = db.query(Message).filter_by(msgid="Seat").one()
    ops.save_translation(message, ["Miejsce"], version=message.version, actor=translator)
    ops.review(message, version=message.version, actor=translator)
    events = db.query(AuditEvent).filter(AuditEvent.object_type == "message").all()
    assert [e.action for e in events] == ["catalog.translation_saved",
                                          "catalog.translation_reviewed"]
    assert events[0].before == {"state": "untranslated", "translations": [""]}
    assert events[0].after == {"state": "translated", "translations": ["Miejsce"]}
    assert events[0].actor_email == translator.email
