"""The editor's search goes through the trigram index and finds text in every field,
after an import, an edit and a revert; short words fall back to the plain scan. A new
catalog's rows enter the index in the background: until then the search reads them, with
the same answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from backoffice.catalogs import operations, tasks
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import MessageFilter, search_index
from backoffice.tasks.queue import PENDING
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


def _imported(db: Session, indexed: bool, po: str = PO) -> Catalog:
    catalog = import_text(po, locale_code="fr_FR").catalog
    assert search_index.has_pending(catalog.id)
    if indexed:
        assert tasks.index_search(catalog.id) == 3
        assert not search_index.has_pending(catalog.id)
    return catalog


def _indexed_ids(db: Session, phrase: str) -> list[int]:
    return list(db.connection().exec_driver_sql(
        "SELECT rowid FROM catalog_messages_search WHERE catalog_messages_search MATCH ?",
        (f'"{phrase}"',)).scalars())


@pytest.mark.parametrize("indexed", [False, True], ids=["pending", "indexed"])
def test_search_finds_each_field_case_insensitively(db: Session, indexed: bool) -> None:
    catalog = _imported(db, indexed)
    for word in ("ride", "RESERVER", "dashboard", "zeppelin", "hangar", "many ball",
                 "ballons", "balloon"):
        assert _found(catalog, word), word
    assert _found(catalog, "zeppelins") == []
    assert _found(catalog, "ok") == ["Book a ride", "Ok"]  # "Book" and "Ok", short word
    assert _found(catalog, '"') == [] and _found(catalog, "a_r") == []


@pytest.mark.parametrize("indexed", [False, True], ids=["pending", "indexed"])
def test_search_follows_an_edit_and_a_revert(db: Session, indexed: bool) -> None:
    catalog = _imported(db, indexed)
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
    # Indexed now (or again: the task finds nothing left), the answers stay the same.
    tasks.index_search(catalog.id)
    assert _found(catalog, "entendu") == ["Ok"] and _found(catalog, "accord") == []
    assert _found(catalog, "montgolfiere") == [] and _found(catalog, "un ballon")


def test_an_import_leaves_its_rows_to_the_task(db: Session) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    assert ("catalogs.index_search", {"catalog_id": catalog.id}) in db.info[PENDING]
    sqlite = db.get_bind().dialect.name == "sqlite"
    if sqlite:
        assert _indexed_ids(db, "zeppelin") == []  # not in the index yet
    ok = message(catalog, "Ok")
    operations.save_translation(ok, ["Entendu"], version=ok.version)  # while pending
    assert tasks.index_search(catalog.id) == 3
    assert tasks.index_search(catalog.id) == 0  # idempotent
    if sqlite:
        assert len(_indexed_ids(db, "zeppelin")) == 1
        assert _indexed_ids(db, "entendu") == [ok.id]
    versions = db.scalars(select(Message.version).where(Message.catalog_id == catalog.id))
    assert set(versions) == {1, 2}  # indexing is not a change: no version moved


def test_the_task_goes_slice_by_slice(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    db.info.pop(PENDING, None)
    monkeypatch.setattr(search_index, "SLICE", 2)
    assert tasks.index_search(catalog.id) == 2
    assert db.info[PENDING] == [("catalogs.index_search", {"catalog_id": catalog.id})]
    assert search_index.has_pending(catalog.id)
    assert tasks.index_search(catalog.id) == 1
    assert not search_index.has_pending(catalog.id)
    assert db.scalar(select(func.count()).where(Message.search_pending)) == 0


def test_the_sweep_picks_up_a_lost_task(db: Session) -> None:
    catalog = import_text(PO, locale_code="fr_FR").catalog
    db.info.pop(PENDING, None)
    assert tasks.index_search_sweep() == 1
    assert db.info[PENDING] == [("catalogs.index_search", {"catalog_id": catalog.id})]


def test_the_index_agrees_with_the_messages(db: Session) -> None:
    catalog = _imported(db, indexed=True)
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


def _plan(db: Session, call: Callable[[], object], marker: str) -> str:
    """The plan of the one statement holding ``marker`` that ``call`` sends, as the database
    would run it with no table scan allowed and no index but the two of migration 0026
    (the others dropped in the test's transaction): whether those can serve it shows."""
    seen: list[tuple[str, Any]] = []

    def keep(conn: object, cursor: object, statement: str, parameters: Any,
             context: object, executemany: bool) -> None:
        if marker in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    [(statement, parameters)] = seen
    connection = db.connection()
    if engine.dialect.name == "sqlite":
        explain = "EXPLAIN QUERY PLAN "
    else:
        explain = "EXPLAIN "
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for index in Message.__table__.indexes:
            if index.name != "ix_catalog_messages_search_pending":
                connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    rows = connection.exec_driver_sql(explain + statement, parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_the_pending_rows_are_found_through_their_index(db: Session) -> None:
    catalog = _imported(db, indexed=True)
    assert "ix_catalog_messages_search_pending" in _plan(
        db, lambda: search_index.has_pending(catalog.id), "search_pending")
    assert "ix_catalog_messages_search_pending" in _plan(
        db, search_index.pending_catalogs, "search_pending")


def test_postgresql_searches_through_the_partial_index_once_indexed(db: Session) -> None:
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("the pg_trgm index is PostgreSQL's")
    catalog = import_text(PO, locale_code="fr_FR").catalog

    def search() -> list[str]:
        return _found(catalog, "zeppelin")

    assert "ix_catalog_messages_search_trgm" not in _plan(db, search, "search_text")
    tasks.index_search(catalog.id)
    assert "ix_catalog_messages_search_trgm" in _plan(db, search, "search_text")


def test_postgresql_learns_the_new_catalog_once_its_rows_are_indexed(db: Session) -> None:
    """Until its statistics know a new catalog, PostgreSQL's planner takes it for a few rows
    and reads all of it for a page of failing messages; the task's last slice has it
    learn the table as it now is."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")

    def known() -> list[str]:
        found = db.execute(text(
            "SELECT most_common_vals::text FROM pg_stats WHERE tablename = 'catalog_messages'"
            " AND attname = 'catalog_id'")).scalar()
        return (found or "{}").strip("{}").split(",")

    catalog = import_text(PO, locale_code="fr_FR").catalog
    assert str(catalog.id) not in known()
    tasks.index_search(catalog.id)
    assert str(catalog.id) in known()
