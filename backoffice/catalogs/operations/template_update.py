"""Bringing a catalog in line with a new template (as msgmerge does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import defer

from backoffice.audit import operations as audit
from backoffice.catalogs import templates_merge
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import progress, records, rules
from backoffice.catalogs.operations.charset import utf8_if_needed
from backoffice.catalogs.operations.files import parse_file, whole_file
from backoffice.catalogs.po.model import MESSAGE_FIELDS, PoEntry
from backoffice.core.db import db, utcnow

Key = tuple[str | None, str]


@dataclass
class UpdateResult:
    added: int
    obsoleted: int
    fuzzy: int
    kept: int
    # The file's charset when the template brought text it cannot hold: the catalog was
    # converted to UTF-8 (as msgmerge does), else None.
    converted_from: str | None = None


# What the update reads of every row: the entry's fields, its text and where it stands.
# Plain rows, not ORM objects: most messages are left as they are, and only the ones it
# changes or removes are loaded as objects (their flush is what the session's listeners,
# such as the client catalogs' revisions, see).
_ROW_COLUMNS = (Message.id, Message.position, Message.version, Message.raw,
                Message.translations, *(getattr(Message, name) for name in MESSAGE_FIELDS))
_LOAD_CHUNK = 5_000  # ids per IN list


@whole_file
def update_from_template(catalog: Catalog, template: bytes, *, actor: Any = None,
                         filename: str = "") -> UpdateResult:
    """Bring the catalog in line with the template (see templates_merge)."""
    pot = parse_file(template, filename or None)
    rows = list(db.session.execute(
        select(*_ROW_COLUMNS).where(Message.catalog_id == catalog.id)
        .order_by(Message.position)))
    po = records.rebuild_file(catalog, rows)
    # The entry each row became: the merge hands back that very object for a message the
    # template leaves as it is.
    rebuilt = {id(entry): row for entry, row in zip(po.entries, rows, strict=True)}
    rule = rules.catalog_rule(catalog)
    outcome = templates_merge.update_from_template(po, pot, nplurals=rule.nplurals)
    merged, stats = outcome.po, outcome.counts
    converted_from = utf8_if_needed(merged)
    # Several obsolete entries may share a key: keep them all, in order.
    by_key_active: dict[Key, list[Row[Any]]] = {}
    by_key_obsolete: dict[Key, list[Row[Any]]] = {}
    for row in rows:
        (by_key_obsolete if row.obsolete else by_key_active).setdefault(
            (row.msgctxt, row.msgid), []).append(row)

    def take(pool: dict[Key, list[Row[Any]]], key: Key) -> Row[Any] | None:
        found = pool.get(key)
        return found.pop(0) if found else None

    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    changed: list[tuple[int, PoEntry, int]] = []  # (message id, its new entry, position)
    for position, entry in enumerate(merged.entries):
        pools = (by_key_obsolete, by_key_active) if entry.obsolete else (
            by_key_active, by_key_obsolete)
        old = take(pools[0], entry.key) or take(pools[1], entry.key)
        if old is None:
            new_rows.append(records.row(catalog.id, position, entry, rule, now))
        elif not (rebuilt.get(id(entry)) is old and old.position == position):
            changed.append((old.id, entry, position))
    left = [row.id for pool in (by_key_active, by_key_obsolete) for found in pool.values()
            for row in found]
    messages = _messages([message_id for message_id, _entry, _position in changed] + left)
    # Whether each source key the update touches has a done text, before and after: the
    # variants' inherited counts move only for the keys where that changes.
    before = _done_by_key(messages.values())
    for message_id, entry, position in changed:
        records.apply_entry(messages[message_id], entry, position, rule)
    for message_id in left:
        db.session.delete(messages[message_id])
    after = _done_by_key(messages[message_id] for message_id, _entry, _position in changed)
    for new in new_rows:
        after[new["source_key"]] |= rules.gives_text(new["state"], new["obsolete"])
    db.session.flush()
    records.insert_rows(new_rows)
    if merged.header is not None:
        header_raw, _trailing, style = records.file_data(merged)
        catalog.header_raw, catalog.style = header_raw, style
    progress.recount_all(catalog, flipped={
        key: after[key] for key in before.keys() | after.keys() if before[key] != after[key]})
    result = UpdateResult(
        added=stats["added"], obsoleted=stats["obsoleted"],
        fuzzy=stats["fuzzy_matched"], kept=stats["unchanged"] + stats["revived"],
        converted_from=converted_from,
    )
    audit.record(
        "catalog.updated_from_template", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        after={"template": filename, **result.__dict__}, actor=actor,
    )
    return result


def _done_by_key(messages: Iterable[Message]) -> defaultdict[str, bool]:
    """Whether a done text stands under each of these messages' source keys."""
    done: defaultdict[str, bool] = defaultdict(bool)
    for message in messages:
        done[message.source_key] |= rules.gives_text(message.state, message.obsolete)
    return done


def _messages(ids: list[int]) -> dict[int, Message]:
    """The messages of these ids as objects (their findings and search text are only
    written again: not read)."""
    found: dict[int, Message] = {}
    for start in range(0, len(ids), _LOAD_CHUNK):
        found.update((m.id, m) for m in db.session.scalars(
            select(Message).where(Message.id.in_(ids[start:start + _LOAD_CHUNK]))
            .options(defer(Message.findings), defer(Message.search_text))))
    return found
