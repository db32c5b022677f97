"""Reading catalogs, messages and import batches, for the editor, the CLI and the API."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Row, Select, func, select, text

from backoffice.catalogs import editor, inheritance
from backoffice.catalogs.models import Catalog, ImportBatch, Message, TranslationHistory
from backoffice.catalogs.operations import rules, search_index
from backoffice.catalogs.operations.rules import DONE_STATES
from backoffice.core.db import db
from backoffice.core.errors import NotFoundError

PAGE_SIZE = 50
INDEXED_HITS = 2000  # past this many hits, search reads the catalog in file order
FILTERS = ("all", "untranslated", "draft", "translated", "reviewed", "failing", "changed",
           *editor.EXTRA_FILTERS)


def get_catalog(domain: str, locale_code: str) -> Catalog:
    catalog = find_catalog(domain, locale_code)
    if catalog is None:
        raise NotFoundError(
            _("There is no catalog %(domain)s for %(locale)s.", domain=domain, locale=locale_code)
        )
    return catalog


def find_catalog(domain: str, locale_code: str) -> Catalog | None:
    return db.session.scalar(
        select(Catalog).where(Catalog.domain == domain, Catalog.locale_code == locale_code)
    )


def list_catalogs() -> list[Catalog]:
    return list(db.session.scalars(select(Catalog).order_by(Catalog.domain, Catalog.locale_code)))


def catalogs_for_locales(codes: Sequence[str]) -> list[Catalog]:
    if not codes:
        return []
    return list(db.session.scalars(
        select(Catalog).where(Catalog.locale_code.in_(list(codes)))
        .order_by(Catalog.domain, Catalog.locale_code)
    ))


def parent_catalog(catalog: Catalog) -> Catalog | None:
    """The nearest ancestor's catalog of the same domain (``inheritance.ancestors``)."""
    chain = inheritance.ancestors(catalog)
    return chain[0] if chain else None


def catalog_messages(catalog: Catalog, *, active_only: bool = False) -> list[Message]:
    """The catalog's messages in file order (``active_only``: without obsolete ones)."""
    query = select(Message).where(Message.catalog_id == catalog.id)
    if active_only:
        query = query.where(Message.obsolete.is_(False))
    return list(db.session.scalars(query.order_by(Message.position)))


def get_message(message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None:
        raise NotFoundError(_("This message does not exist."))
    return message


def message_and_catalog(message_id: int) -> tuple[Message, Catalog]:
    """The message (a 404 when there is none) and the catalog holding it."""
    message = get_message(message_id)
    catalog = db.session.get(Catalog, message.catalog_id)
    assert catalog is not None  # the message's catalog (a foreign key)
    return message, catalog


def get_batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(_("This import does not exist."))
    return batch


def list_batches(limit: int = 100) -> list[ImportBatch]:
    return list(
        db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))
    )


def check_catalog(catalog: Catalog) -> list[tuple[Message, list[dict[str, Any]]]]:
    """Every active message with findings, and its findings, in file order."""
    rule = rules.catalog_rule(catalog)
    out = []
    for message in catalog_messages(catalog, active_only=True):
        found = rules.findings(message.msgid, message.msgid_plural, message.translations,
                               message.flags, rule)
        if found:
            out.append((message, found))
    return out


# --- the editor -------------------------------------------------------------------------


@dataclass
class MessageFilter:
    state: str = "all"
    query: str = ""
    since: datetime | None = None


def messages_page(
    catalog: Catalog, filters: MessageFilter, page: int, page_size: int = PAGE_SIZE,
    *, after: int | None = None, before: int | None = None,
) -> tuple[list[Message], bool]:
    """One page of active messages in file order, and whether more follow.

    ``after``/``before`` (a message position) read the next or previous page straight from
    the (catalog, position) index, whatever the depth; ``page`` alone uses an offset, or,
    in a catalog whose active messages hold every position from the first, the position
    the page starts at.
    """
    hits: set[int] | None = None  # the rows an index found for the filters, when few
    state = filters.state
    query = with_state(select(Message).where(Message.obsolete.is_(False)), catalog, state)
    # SQLite's planner has no statistics to tell a few hits from many: the indexes are
    # probed for it. PostgreSQL's chooses well from its own (EXPLAIN: the (catalog,
    # updated_at) index for a recent date, file order for an old one, the pg_trgm index
    # for a rare or missing word).
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if filters.since is not None or state == "changed":
        since = filters.since or catalog.created_at
        changed = Message.updated_at > since
        if sqlite:
            # The (catalog, updated_at) index finds the few rows changed lately; many are
            # cheaper to read in file order, where the page stops the scan, so the index
            # is then kept out of the plan (coalesce(x, x) is x, but no index serves it).
            hits = _few_ids(select(Message.id).where(
                Message.catalog_id == catalog.id, Message.updated_at > since))
            if hits is None:
                changed = func.coalesce(Message.updated_at, Message.updated_at) > since
        query = query.where(changed)
    if filters.query.strip():
        needle = filters.query.strip().lower()
        query = query.where(containing(needle))
        if not sqlite:
            if not search_index.has_pending(catalog.id):
                # Says what the partial pg_trgm index holds (migration 0026), so that the
                # planner may take it; true of every row of a catalog with none pending.
                query = query.where(~Message.search_pending)
        elif len(needle) >= 3 and not search_index.has_pending(catalog.id):
            # The trigram index (migration 0024) finds the few rows of a rare word; a common
            # one is cheaper to read in file order, where the LIKE above stops at a page.
            phrase = '"' + needle.replace('"', '""') + '"'
            found = _few_ids(select(text("rowid"))
                             .select_from(text("catalog_messages_search"))
                             .where(text("catalog_messages_search MATCH :phrase")
                                    .bindparams(phrase=phrase)))
            hits = found if hits is None else hits if found is None else hits & found
    if hits is not None:
        if not hits:
            return [], before is not None  # what the query would answer, without reading
        # Straight to the rows by id: "+ 0" keeps the catalog's indexes out of the plan.
        query = query.where(Message.id.in_(sorted(hits)), Message.catalog_id + 0 == catalog.id)
    else:
        query = query.where(Message.catalog_id == catalog.id)
    if before is not None:
        rows = list(db.session.scalars(
            query.where(Message.position < before)
            .order_by(Message.position.desc()).limit(page_size)
        ))
        return rows[::-1], True
    start = (page - 1) * page_size
    if after is not None:
        query = query.where(Message.position > after)
    elif (start > 0 and state == "all" and filters.since is None and not filters.query.strip()
          and _dense(catalog)):
        query = query.where(Message.position >= start)
    else:
        query = query.offset(start)
    rows = list(db.session.scalars(query.order_by(Message.position).limit(page_size + 1)))
    return rows[:page_size], len(rows) > page_size


def with_state(query: Select[Any], catalog: Catalog, state: str) -> Select[Any]:
    """``query`` narrowed to the messages the editor's state filter ``state`` lists
    ("all", "changed" and an unknown filter narrow nothing here)."""
    if state in ("untranslated", *editor.EXTRA_FILTERS):
        return cast("Select[Any]", editor.narrow(query, catalog, state))
    if state in ("draft", "translated", "reviewed"):
        return query.where(Message.state == state)
    if state == "failing":
        return query.where(Message.failing.is_(True))
    return query


def containing(needle: str) -> ColumnElement[bool]:
    """Messages whose search text holds ``needle`` (lower case); ``%``, ``_`` and ``\\`` in
    it match themselves."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Message.search_text.like(f"%{escaped}%", escape="\\")


def _few_ids(hits: Select[Any]) -> set[int] | None:
    """The ids ``hits`` selects through an index, when they are few (at most
    ``INDEXED_HITS``); else None."""
    ids = set(db.session.scalars(hits.limit(INDEXED_HITS + 1)))
    return ids if len(ids) <= INDEXED_HITS else None


def _dense(catalog: Catalog) -> bool:
    """Whether the catalog's active messages hold positions 0 to ``total_count`` - 1, one
    each: the last of them sits at ``total_count`` - 1 (positions are distinct and start at
    0, and the counters move with every change), so the page at offset N starts at
    position N. Obsolete entries, at the file's end, leave it so; anywhere else, not."""
    last = db.session.scalar(
        select(Message.position)
        .where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
        .order_by(Message.position.desc()).limit(1)
    )
    return last is not None and last + 1 == catalog.total_count


def parent_texts(catalog: Catalog, messages: Sequence[Message]) -> dict[str, list[str]]:
    """The inherited translations of these messages, by source key (any depth)."""
    return inheritance.inherited_texts(catalog, [m.source_key for m in messages])


def parent_message(message: Message, catalog: Catalog | None = None) -> Message | None:
    """The message the variant inherits from: the nearest ancestor's with a text."""
    catalog = catalog or db.session.get(Catalog, message.catalog_id)
    return inheritance.inherited_message(message, catalog) if catalog else None


@dataclass
class Suggestion:
    locale: str
    domain: str
    source: str
    translations: list[str]
    exact: bool
    score: float


def suggestions(message: Message, catalog: Catalog, limit: int = 5) -> list[Suggestion]:
    """Translations of the same source (exact) or a close one (near) in other catalogs,
    those of the same language first. Both lookups go through an index and are bounded."""
    language = catalog.locale_code.split("_")[0]

    def translated_elsewhere(*conditions: Any) -> Sequence[Row[str, str, str, list[str]]]:
        return db.session.execute(
            select(Catalog.locale_code, Catalog.domain, Message.msgid, Message.translations)
            .join(Catalog, Catalog.id == Message.catalog_id)
            .where(*conditions, Message.state.in_(DONE_STATES))
            .limit(50)
        ).all()

    # The keys are indexed by catalog (migration 0025): each lookup names the catalogs.
    others = select(Catalog.id).where(Catalog.id != catalog.id)
    exact = translated_elsewhere(Message.catalog_id.in_(others),
                                 Message.source_key == message.source_key)
    found = [Suggestion(loc, dom, src, list(tr), True, 1.0) for loc, dom, src, tr in exact]
    if message.near_key and " " in message.near_key:
        near = translated_elsewhere(Message.catalog_id.in_(select(Catalog.id)),
                                    Message.near_key == message.near_key,
                                    Message.source_key != message.source_key)
        for loc, dom, src, tr in near:
            score = difflib.SequenceMatcher(None, message.msgid, src).ratio()
            if score >= 0.6:
                found.append(Suggestion(loc, dom, src, list(tr), False, round(score, 2)))

    def rank(suggestion: Suggestion) -> tuple[bool, bool, float]:
        same = suggestion.locale.split("_")[0] == language
        return (not same, not suggestion.exact, -suggestion.score)

    found.sort(key=rank)
    return found[:limit]


def message_history(message: Message, limit: int = 20) -> list[TranslationHistory]:
    return list(
        db.session.scalars(
            select(TranslationHistory)
            .where(TranslationHistory.message_id == message.id)
            .order_by(TranslationHistory.id.desc())
            .limit(limit)
        )
    )
