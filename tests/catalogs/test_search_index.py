"""The editor's search goes through the trigram index and finds text in every field,
after an import, an edit and a revert; short words fall back to the plain scan."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import MessageFilter
from tests.catalogs.workspace import import_text, message

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# Translator note: Zeppelin airfield
#. Extracted: shown on the Hangar screen
msgctxt "Dashboard"
msgid "Book a ride"
msgstr "Reserver un trajet"

msgid "One Balloon"
msgid_plural "Many Balloons"
msgstr[0] "Un ballon"
msgstr[1] "Des ballons"

msgid "Ok"
msgstr ""
'''


def _found(catalog: Catalog, word: str) -> list[str]:
    rows, _ = operations.messages_page(catalog, MessageFilter(query=word), 1)
    return [m.msgid for m in rows]


def test_search_finds_each_field_case_insensitively(db: Session) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    for word in ("ride", "RESERVER", "dashboard", "zeppelin", "hangar", "many ball",
                 "ballons", "balloon"):
        assert _found(catalog, word), word
    assert _found(catalog, "zeppelins") == []
    assert _found(catalog, "ok") == ["Book a ride", "Ok"]  # "Book" and "Ok", short word
    assert _found(catalog, '"') == [] and _found(catalog, "a_r") == []


def test_search_follows_an_edit_and_a_revert(db: Session) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    ok = message(catalog, "Ok")
    operations.save_translation(ok, ["D'accord parfait"], version=ok.version)
    assert _found(catalog, "accord parf") == ["Ok"]
    operations.save_translation(ok, ["Entendu"], version=message(catalog, "Ok").version)
    assert _found(catalog, "accord") == [] and _found(catalog, "entendu") == ["Ok"]
    second = import_text(PO.replace("Un ballon", "Une montgolfiere"), locale_code="fr_FR",
                         mode="overwrite")
    assert _found(catalog, "montgolfiere") == ["One Balloon"]
    operations.revert_batch(second.batch)
    assert _found(catalog, "montgolfiere") == [] and _found(catalog, "un ballon")


def test_the_index_agrees_with_the_messages(db: Session) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    ok = message(catalog, "Ok")
    operations.save_translation(ok, ["Bien"], version=ok.version)
    db.flush()
    bind = db.get_bind()
    if bind.dialect.name == "sqlite":
        # raises if any indexed row differs from catalog_messages
        db.execute(text("INSERT INTO catalog_messages_search(catalog_messages_search, "
                                "rank) VALUES ('integrity-check', 1)"))
    else:
        assert db.scalar(text(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_catalog_messages_search_trgm'"
        )) == 1
