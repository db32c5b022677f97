"""Bringing a catalog in line with a new template (as msgmerge does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import defer

from backoffice.audit import operations as audit
from backoffice.catalogs import templates_merge
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import progress, records, rules
from backoffice.catalogs.operations.charset import utf8_if_needed
from backoffice.catalogs.operations.files import parse_file, whole_file
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


@whole_file
def update_from_template(catalog: Catalog, template: bytes, *, actor: Any = None,
                         filename: str = "") -> UpdateResult:
    """Bring the catalog in line with the template (see templates_merge)."""
    pot = parse_file(template, filename or None)
    # The rows' findings and search text are only written again: not read.
    messages = list(db.session.scalars(
        select(Message).where(Message.catalog_id == catalog.id).order_by(Message.position)
        .options(defer(Message.findings), defer(Message.search_text))))
    po = records.rebuild_file(catalog, messages)
    rule = rules.catalog_rule(catalog)
    outcome = templates_merge.update_from_template(po, pot, nplurals=rule.nplurals)
    merged, stats = outcome.po, outcome.counts
    converted_from = utf8_if_needed(merged)
    # Several obsolete entries may share a key: keep them all, in order.
    by_key_active: dict[Key, list[Message]] = {}
    by_key_obsolete: dict[Key, list[Message]] = {}
    for m in messages:
        (by_key_obsolete if m.obsolete else by_key_active).setdefault(
            (m.msgctxt, m.msgid), []).append(m)

    def take(pool: dict[Key, list[Message]], key: Key) -> Message | None:
        found = pool.get(key)
        return found.pop(0) if found else None

    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    for position, entry in enumerate(merged.entries):
        pools = (by_key_obsolete, by_key_active) if entry.obsolete else (
            by_key_active, by_key_obsolete)
        message = take(pools[0], entry.key) or take(pools[1], entry.key)
        if message is None:
            new_rows.append(records.row(catalog.id, position, entry, rule, now))
            continue
        records.apply_entry(message, entry, position, rule)
    for left in [*by_key_active.values(), *by_key_obsolete.values()]:
        for message in left:
            db.session.delete(message)
    db.session.flush()
    records.insert_rows(new_rows)
    if merged.header is not None:
        header_raw, _trailing, style = records.file_data(merged)
        catalog.header_raw, catalog.style = header_raw, style
    progress.recount_all(catalog)
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
