"""Message keys are indexed by catalog, and every lookup by key names its catalogs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from backoffice.catalogs import operations
from tests.catalogs.workspace import FR_HEADER, PL_HEADER, import_text, locale, message

KEYS = {"source_key", "near_key"}


def test_no_index_leads_with_a_message_key(db: Session) -> None:
    # A key alone would spread a new catalog's rows over an index of every catalog.
    indexes = inspect(db.connection()).get_indexes("catalog_messages")
    keyed = {ix["name"]: ix["column_names"] for ix in indexes
             if KEYS & set(ix["column_names"])}
    assert keyed == {
        "ix_catalog_messages_catalog_source_key": ["catalog_id", "source_key"],
        "ix_catalog_messages_catalog_near_key": ["catalog_id", "near_key"],
    }


def _statements(db: Session, call: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []
    engine = db.get_bind()

    def spy(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", spy)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    return seen


def test_suggestions_find_their_rows_through_the_catalog_key_indexes(db: Session) -> None:
    locale("fr_FR")
    locale("fr_CA")
    import_text(FR_HEADER + '\nmsgid "Search rides"\nmsgstr "Rechercher un trajet"\n\n'
                'msgid "Search rides near you"\nmsgstr "Trajets près de vous"\n', "fr_FR")
    import_text(PL_HEADER + '\nmsgid "Search rides"\nmsgstr "Szukaj przejazdów"\n', "pl_PL")
    other = import_text(FR_HEADER.replace("fr_FR", "fr_CA")
                        + '\nmsgid "Search rides nearby"\nmsgstr ""\n\n'
                          'msgid "Search rides"\nmsgstr ""\n', "fr_CA").catalog
    target = message(other, "Search rides")
    found: list[operations.Suggestion] = []
    statements = _statements(db, lambda: found.extend(operations.suggestions(target, other)))
    assert {(s.locale, s.exact) for s in found} == {
        ("fr_FR", True), ("pl_PL", True), ("fr_FR", False)}
    lookups = [(sql, params) for sql, params in statements if "source_key =" in sql
               or "near_key =" in sql]
    assert len(lookups) == 2
    if db.get_bind().dialect.name != "sqlite":
        return
    for sql, params in lookups:
        plan = " ".join(row[-1] for row in db.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql, params).all())
        assert "USING INDEX ix_catalog_messages_catalog_" in plan, plan
