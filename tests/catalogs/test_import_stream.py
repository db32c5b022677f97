"""A new catalog's rows are written as its file is read; a late problem undoes them all."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import records
from backoffice.catalogs.plurals import PluralRule
from backoffice.catalogs.po import reader
from backoffice.catalogs.po.model import PoEntry
from backoffice.countries.models import Locale
from tests.catalogs.workspace import PL_HEADER, import_text

MESSAGES = 3000


def _file(count: int = MESSAGES, *, tail: str = "") -> str:
    body = "".join(f'\n#: app/rides.py:{n}\nmsgid "Ride {n}"\nmsgstr "Przejazd {n}"\n'
                   for n in range(count))
    return PL_HEADER + body + tail


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def _on_each_row(monkeypatch: pytest.MonkeyPatch, seen: Callable[[int], None]) -> None:
    """Call ``seen(position)`` as each message row is built, then build it as usual."""
    row = records.row

    def watched_row(catalog_id: int, position: int, entry: PoEntry, rule: PluralRule | None,
                    now: datetime, *, check: bool = True,
                    search_pending: bool = False) -> dict[str, Any]:
        seen(position)
        return row(catalog_id, position, entry, rule, now, check=check,
                   search_pending=search_pending)

    monkeypatch.setattr(records, "row", watched_row)


def test_the_reader_hands_out_entries_before_the_end_of_the_file() -> None:
    text = _file()
    stream = reader.Stream(text)
    entries = stream.entries()
    first = next(entries)
    assert stream.header is not None and first.msgid == "Ride 0"
    assert len(stream.reader.offsets) < 20  # a few lines read, not the file's 12,000
    rest = list(entries)
    po = stream.finish()
    assert len(rest) == MESSAGES - 1 and po.header is stream.header
    assert reader.parse(text).entries[5].raw == rest[4].raw


def test_an_import_never_holds_every_entry_at_once(
        db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    alive: list[int] = []

    def count_entries(position: int) -> None:
        if position == MESSAGES - 10:
            alive.append(sum(isinstance(o, PoEntry) for o in gc.get_objects()))

    _on_each_row(monkeypatch, count_entries)
    result = import_text(_file())
    assert result.created and result.changed == MESSAGES
    assert alive and alive[0] <= 2 * records._INSERT_CHUNK
    assert result.catalog.source_entries == MESSAGES
    assert (result.catalog.header_raw or "").startswith('msgid ""')


def test_a_problem_late_in_the_file_changes_nothing(db: Session) -> None:
    events = _count(db, AuditEvent)
    duplicate = '\nmsgid "Ride 1"\nmsgstr "Znowu"\n'
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(_file(tail=duplicate), locale_code="pl_PL")
    assert "duplicate message" in caught.value.message
    assert _count(db, Catalog) == 0 and _count(db, Message) == 0
    assert db.get(Locale, "pl_PL") is None
    assert _count(db, AuditEvent) == events


def test_text_the_catalog_cannot_store_late_in_the_file_changes_nothing(db: Session) -> None:
    too_long = f'\nmsgid "Long"\nmsgstr "{"x" * 10_001}"\n'
    text = _file(tail=too_long)
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(text)
    assert [line for line, _problem in caught.value.problems] == [
        reader.parse(text).entries[-1].line]
    assert _count(db, Catalog) == 0 and _count(db, Message) == 0


def test_a_header_after_the_first_message_still_gives_the_plural_rule(db: Session) -> None:
    plural = ('msgid "One ride"\nmsgid_plural "%d rides"\n'
              'msgstr[0] "Jeden"\nmsgstr[1] "%d przejazdy"\nmsgstr[2] "%d przejazdów"\n\n')
    result = import_text(plural + PL_HEADER)
    assert result.catalog.nplurals == 3
    message = db.scalar(select(Message).where(Message.catalog_id == result.catalog.id))
    assert message is not None and message.failing is False
    assert operations.export_bytes(result.catalog).decode() == plural + PL_HEADER


def test_a_character_no_database_holds_late_in_the_file_is_refused_before_any_row(
        db: Session) -> None:
    text = _file(tail='\nmsgid "Late"\nmsgstr "nul \x00 here"\n')
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(text)
    assert "NUL" in caught.value.message
    assert _count(db, Catalog) == 0 and _count(db, Message) == 0


def test_a_file_refused_halfway_sends_no_more_rows(
        db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[int] = []
    _on_each_row(monkeypatch, written.append)
    bad = '\nmsgid "Bad"\nmsgstr "\\q"\n'  # an unknown escape: a problem of the reader
    with pytest.raises(operations.CatalogFileError):
        import_text(_file(20) + bad + _file(20).replace(PL_HEADER, "").replace("Ride", "Trip"))
    assert written == list(range(20))
