"""What feeds the memory: every published translation (translated or reviewed) of every
catalog, kept in step by the catalog operations (one call after each change).

A message that is no longer published (back to draft, emptied, obsolete) leaves the
memory; a changed text replaces its unit and the unit's words in the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update

from backoffice.catalogs.models import Catalog, Message
from backoffice.core import bulk
from backoffice.core.db import db, utcnow
from backoffice.memory import text
from backoffice.memory.models import ORIGIN_CATALOG, MemoryToken, MemoryUnit

PUBLISHED = ("translated", "reviewed")
_CHUNK = 2000
SYNC_LIMIT = 2000


def _publishable(message: Any) -> bool:
    return (message.state in PUBLISHED and not message.obsolete and bool(message.msgid)
            and any(message.translations or []))


def unit_row(*, language: str, locale_code: str, domain: str, source: str,
             translations: Sequence[str], origin: str = ORIGIN_CATALOG, origin_name: str = "",
             catalog_id: int | None = None, message_id: int | None = None) -> dict[str, Any]:
    target = translations[0] if translations else ""
    return {
        "language": language, "locale_code": locale_code, "domain": domain,
        "source_hash": text.source_hash(source), "source": source, "target": target,
        "translations": list(translations),
        "search_text": f"{text.normalise(source)}\n{text.normalise(' '.join(translations))}",
        "origin": origin, "origin_name": origin_name[:255], "catalog_id": catalog_id,
        "message_id": message_id, "updated_at": utcnow(),
    }


def insert_units(rows: list[dict[str, Any]]) -> list[int]:
    """Insert units and their words; the new ids, in the order of ``rows``."""
    ids: list[int] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        table = MemoryUnit.__table__
        assert isinstance(table, Table)  # a model's table, typed as any FROM clause
        result = db.session.connection().execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
        chunk_ids = [row[0] for row in result]
        _insert_tokens((uid, r["language"], r["source"]) for uid, r in zip(chunk_ids, chunk,
                                                                           strict=True))
        ids.extend(chunk_ids)
    return ids


def _insert_tokens(units: Iterable[tuple[int, str, str]]) -> None:
    rows = [{"unit_id": uid, "token": token, "language": language}
            for uid, language, source in units for token in text.tokens(source)]
    if rows:
        bulk.insert_rows(db.session.connection(), MemoryToken.__table__, rows, chunk=_CHUNK * 5)


def delete_units(ids: Sequence[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        db.session.execute(delete(MemoryToken).where(MemoryToken.unit_id.in_(chunk)))
        db.session.execute(delete(MemoryUnit).where(MemoryUnit.id.in_(chunk)))


def _row_for(catalog: Catalog, message: Any) -> dict[str, Any]:
    return unit_row(language=text.language_of(catalog.locale_code),
                    locale_code=catalog.locale_code, domain=catalog.domain,
                    source=message.msgid, translations=list(message.translations),
                    catalog_id=catalog.id, message_id=message.id)


def message_changed(catalog: Catalog, message: Message) -> None:
    """One message was saved or reviewed: its unit follows it."""
    db.session.flush()
    unit = db.session.execute(
        select(MemoryUnit.id, MemoryUnit.source, MemoryUnit.translations)
        .where(MemoryUnit.message_id == message.id)).first()
    if not _publishable(message):
        if unit is not None:
            delete_units([unit.id])
        return
    if unit is None:
        insert_units([_row_for(catalog, message)])
        return
    if unit.source == message.msgid and list(unit.translations) == list(message.translations):
        return
    row = _row_for(catalog, message)
    db.session.execute(update(MemoryUnit).where(MemoryUnit.id == unit.id).values(**row))
    if unit.source != message.msgid:
        db.session.execute(delete(MemoryToken).where(MemoryToken.unit_id == unit.id))
        _insert_tokens([(unit.id, row["language"], message.msgid)])


def catalog_changed(catalog: Catalog, *, now: bool = False) -> int:
    """A whole catalog changed at once (import, revert, template update): bring its units
    in step with its rows. Returns how many units were written or removed.

    A change of more than ``SYNC_LIMIT`` units (a new 20,000-message catalog) is left to
    the background task ``memory.feed_catalog`` once the change commits, unless ``now``:
    the import stays as fast as it was, and the memory follows a moment later.
    """
    db.session.flush()
    if not now and _surely_large(catalog):
        from backoffice.tasks.queue import enqueue

        enqueue("memory.feed_catalog", catalog_id=catalog.id)
        return 0
    messages = db.session.execute(
        select(Message.id, Message.msgid, Message.translations, Message.state,
               Message.obsolete).where(Message.catalog_id == catalog.id)).all()
    units = {row.message_id: row for row in db.session.execute(
        select(MemoryUnit.id, MemoryUnit.message_id, MemoryUnit.source,
               MemoryUnit.translations).where(MemoryUnit.catalog_id == catalog.id))}
    fresh: list[Any] = []
    stale: list[int] = []
    for message in messages:
        unit = units.pop(message.id, None)
        if not _publishable(message):
            if unit is not None:
                stale.append(unit.id)
            continue
        if unit is not None:
            if unit.source == message.msgid and list(unit.translations) == list(
                    message.translations):
                continue
            stale.append(unit.id)
        fresh.append(message)
    stale.extend(unit.id for unit in units.values())
    if not now and len(stale) + len(fresh) > SYNC_LIMIT:
        from backoffice.tasks.queue import enqueue

        enqueue("memory.feed_catalog", catalog_id=catalog.id)
        return 0
    new_rows = [_row_for(catalog, message) for message in fresh]
    delete_units(stale)
    insert_units(new_rows)
    return len(stale) + len(new_rows)


def _surely_large(catalog: Catalog) -> bool:
    """Whether the change is over ``SYNC_LIMIT`` by two counts alone, before reading any row:
    it writes or removes at least the difference between the catalog's published messages
    (a published state always has a text, ``rules.state_of``) and its units."""
    published = db.session.scalar(
        select(func.count()).select_from(Message).where(
            Message.catalog_id == catalog.id, Message.state.in_(PUBLISHED),
            Message.obsolete.is_(False), Message.msgid != ""))
    units = db.session.scalar(
        select(func.count()).select_from(MemoryUnit).where(MemoryUnit.catalog_id == catalog.id))
    return abs((published or 0) - (units or 0)) > SYNC_LIMIT


def rebuild() -> int:
    """Feed every catalog (after a restore, or for a database created before the memory)."""
    total = 0
    for catalog in db.session.scalars(select(Catalog).order_by(Catalog.id)):
        total += catalog_changed(catalog, now=True)
    return total
