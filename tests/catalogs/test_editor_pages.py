"""An editor page holds the rows the plain query gives (the offset, the LIKE), in the same
order and with the same "more" flag, whichever shortcut it takes: a deep page read from
its position in a catalog without gaps, the few rows changed lately or holding a rare word
read by id, nothing read for a word no message holds."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import MessageFilter, progress, queries
from backoffice.catalogs.tasks import index_search
from backoffice.core.db import db as core_db
from tests.catalogs.workspace import FR_HEADER, import_text
from tests.support.queries import QueryCounter

T = TypeVar("T")
PAGE = 7
NOW = datetime.now(UTC)
OLD, RECENT = NOW - timedelta(days=30), NOW - timedelta(days=2)


def _entry(i: int) -> str:
    words = [f"Message {i:03d}"]
    if i % 3 == 0:
        words.append("balloon")
    if i == 17:
        words.append("zeppelin airfield")
    if i % 11 == 0:
        words.append("a_b 50%")
    source = " ".join(words)
    if i % 5 == 0:
        return f'msgid "{source}"\nmsgstr ""\n'
    if i % 5 == 1:
        return f'#, fuzzy\nmsgid "{source}"\nmsgstr "Brouillon {i}"\n'
    if i % 5 == 4:  # the placeholder is missing: a failing draft
        return f'#, python-format\nmsgid "{source} %(name)s"\nmsgstr "Texte {i}"\n'
    return f'msgid "{source}"\nmsgstr "Texte {i} ballon"\n'


def _obsolete(i: int) -> str:
    return f'#~ msgid "Old {i} balloon zeppelin"\n#~ msgstr "Vieux {i}"\n'


def _catalog(count: int, *, obsolete_after: tuple[int, ...] = (), locale: str = "fr_FR",
             tail: int = 0) -> Catalog:
    """``count`` active messages; an obsolete entry after each message numbered in
    ``obsolete_after`` (-1: before the first), and ``tail`` more at the end of the file."""
    parts = [FR_HEADER]
    if -1 in obsolete_after:
        parts.append(_obsolete(1000))
    for i in range(count):
        parts.append(_entry(i))
        if i in obsolete_after:
            parts.append(_obsolete(i))
    parts.extend(_obsolete(2000 + i) for i in range(tail))
    catalog = import_text("\n".join(parts), locale_code=locale).catalog
    index_search(catalog.id)  # as the worker does after the import
    return catalog


def _plain(catalog: Catalog, filters: MessageFilter, page: int, page_size: int = PAGE, *,
           after: int | None = None, before: int | None = None) -> tuple[list[int], bool]:
    """The page as the plain query reads it: every filter in SQL, then an offset."""
    state = filters.state
    query = queries.with_state(select(Message).where(Message.catalog_id == catalog.id,
                                                     Message.obsolete.is_(False)), catalog, state)
    if filters.since is not None or state == "changed":
        query = query.where(Message.updated_at > (filters.since or catalog.created_at))
    if filters.query.strip():
        query = query.where(queries.containing(filters.query.strip().lower()))
    if before is not None:
        rows = list(core_db.session.scalars(
            query.where(Message.position < before).order_by(Message.position.desc())
            .limit(page_size)))
        return [m.id for m in rows[::-1]], True
    if after is not None:
        query = query.where(Message.position > after)
    else:
        query = query.offset((page - 1) * page_size)
    rows = list(core_db.session.scalars(query.order_by(Message.position).limit(page_size + 1)))
    return [m.id for m in rows[:page_size]], len(rows) > page_size


def _page(catalog: Catalog, filters: MessageFilter, page: int,
          **kwargs: int | None) -> tuple[list[int], bool]:
    rows, more = operations.messages_page(catalog, filters, page, PAGE, **kwargs)
    return [m.id for m in rows], more


def _positions(catalog: Catalog) -> list[int]:
    return list(core_db.session.scalars(
        select(Message.position).where(Message.catalog_id == catalog.id,
                                       Message.obsolete.is_(False))
        .order_by(Message.position)))


def _statements(db: Session, call: Callable[[], T]) -> tuple[T, list[str]]:
    with QueryCounter(db.get_bind()) as counter:
        result = call()
    return result, counter.statements


@pytest.mark.parametrize("tail", [0, 4])
def test_every_page_of_a_catalog_without_gaps_is_read_from_its_position(
        db: Session, tail: int) -> None:
    catalog = _catalog(60, tail=tail)
    assert _positions(catalog) == list(range(60))
    pages = [_page(catalog, MessageFilter(), page) for page in range(1, 12)]
    assert pages == [_plain(catalog, MessageFilter(), page) for page in range(1, 12)]
    assert len(pages[8][0]) == 4 and not pages[8][1] and pages[9] == ([], False)
    assert sum(len(ids) for ids, _more in pages) == 60
    _result, statements = _statements(db, lambda: _page(catalog, MessageFilter(), 6))
    assert any("position >=" in s for s in statements)  # read from the page's position


@pytest.mark.parametrize("obsolete_after", [(-1,), (0,), (9, 30), (22, 23, 24), (58,)])
def test_obsolete_entries_between_messages_leave_the_offset(
        db: Session, obsolete_after: tuple[int, ...]) -> None:
    catalog = _catalog(60, obsolete_after=obsolete_after, tail=2)
    assert _positions(catalog) != list(range(60))
    for page in range(1, 11):
        assert _page(catalog, MessageFilter(), page) == _plain(catalog, MessageFilter(), page)
    _result, statements = _statements(db, lambda: _page(catalog, MessageFilter(), 6))
    assert not any("position >=" in s for s in statements)  # read with an offset


def _source(i: int) -> str:
    return _entry(i).split('msgid "')[1].split('"')[0]


def test_a_template_update_moves_obsolete_entries_to_the_end_and_keeps_the_pages(
        db: Session) -> None:
    catalog = _catalog(40, obsolete_after=(5, 20))
    kept = [*range(0, 12), *range(15, 40)]
    template = "\n".join([FR_HEADER, *(f'msgid "{_source(i)}"\nmsgstr ""\n' for i in kept),
                          'msgid "Brand new"\nmsgstr ""\n'])
    operations.update_from_template(catalog, template.encode())
    core_db.session.flush()
    assert _positions(catalog) == list(range(len(kept) + 1))
    for page in range(1, 9):
        assert _page(catalog, MessageFilter(), page) == _plain(catalog, MessageFilter(), page)


def test_stale_positions_after_an_obsoleted_message_are_not_taken_for_pages(db: Session) -> None:
    """A message made obsolete in place (and counted out) leaves a gap: offsets again."""
    catalog = _catalog(30)
    core_db.session.execute(update(Message).where(
        Message.catalog_id == catalog.id, Message.position == 3).values(obsolete=True))
    progress.recount_all(catalog)
    assert catalog.total_count == 29
    for page in range(1, 6):
        assert _page(catalog, MessageFilter(), page) == _plain(catalog, MessageFilter(), page)


def _age(catalog: Catalog) -> None:
    """Every row last changed long ago; one in four lately."""
    core_db.session.execute(update(Message).where(Message.catalog_id == catalog.id)
                            .values(updated_at=OLD))
    core_db.session.execute(update(Message).where(
        Message.catalog_id == catalog.id, Message.position % 4 == 1).values(updated_at=RECENT))
    core_db.session.expire_all()


STATES = ["all", "untranslated", "draft", "translated", "failing", "changed", "inherited"]
SINCE = [None, OLD - timedelta(days=1), OLD, RECENT - timedelta(days=1), RECENT,
         NOW + timedelta(days=1)]
WORDS = ["", " BALLOON ", "zeppelin", "mess", "ab", "a_b", "50%", "nowhere-word", "only-elsewhere"]


@pytest.mark.parametrize("indexed_hits", [3, 2000])
def test_filters_and_searches_read_what_the_plain_query_reads(
        db: Session, monkeypatch: pytest.MonkeyPatch, indexed_hits: int) -> None:
    monkeypatch.setattr(queries, "INDEXED_HITS", indexed_hits)
    catalog = _catalog(45, obsolete_after=(7, 30), tail=2)
    import_text(FR_HEADER + '\nmsgid "only-elsewhere zeppelin balloon"\nmsgstr ""\n',
                locale_code="de_DE")
    _age(catalog)
    for state, since, word in itertools.product(STATES, SINCE, WORDS):
        filters = MessageFilter(state=state, query=word, since=since)
        for page in (1, 3):
            assert _page(catalog, filters, page) == _plain(catalog, filters, page), (
                state, since, word, page)
        for around in ({"after": 12}, {"before": 40}):
            assert _page(catalog, filters, 1, **around) == _plain(catalog, filters, 1, **around), (
                state, since, word, around)


def test_a_word_no_message_holds_costs_one_lookup(db: Session) -> None:
    catalog = _catalog(30)
    import_text(FR_HEADER + '\nmsgid "only-elsewhere"\nmsgstr ""\n', locale_code="de_DE")
    for word in ("nowhere-word", "zeppelins"):
        result, statements = _statements(db, lambda word=word: _page(
            catalog, MessageFilter(query=word), 1))
        assert result == ([], False) == _plain(catalog, MessageFilter(query=word), 1)
        assert len(statements) == 2  # whether rows wait for the index, then the index
        assert _page(catalog, MessageFilter(query=word), 1, before=20) == ([], True)
    assert _page(catalog, MessageFilter(query="only-elsewhere"), 1) == ([], False)


def test_the_few_rows_changed_since_a_date_follow_a_save(db: Session) -> None:
    catalog = _catalog(50)
    _age(catalog)
    message = core_db.session.scalar(select(Message).where(
        Message.catalog_id == catalog.id, Message.position == 20))
    operations.save_translation(message, ["Sauvé"], version=message.version)
    since = NOW - timedelta(hours=1)
    ids, more = _page(catalog, MessageFilter(since=since), 1)
    assert (ids, more) == ([message.id], False) == _plain(catalog, MessageFilter(since=since), 1)
    week = MessageFilter(since=NOW - timedelta(days=7))
    assert _page(catalog, week, 2) == _plain(catalog, week, 2)
    assert len(_page(catalog, week, 1)[0]) == PAGE
