"""Pre-filling a catalog: every untranslated message gets a draft, from the memory first
and the machine second, as one import batch that the imports page reverts as a whole.

Drafts are never published: a person reviews each one (saving it makes it translated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from backoffice.audit import operations as audit
from backoffice.catalogs.models import Catalog, ImportBatch, Message, State, TranslationHistory
from backoffice.catalogs.operations import changes, progress, rules
from backoffice.core.db import db
from backoffice.memory import lookup, machine, text

MODE = "prefill"
MIN_SCORE = 0.9  # a fuzzy memory match this close is a better draft than the machine's
MACHINE_CHUNK = 50


@dataclass
class Prefill:
    batch: ImportBatch
    from_memory: int
    from_machine: int
    left: int


def _memory_draft(language: str, message: Message, nforms: int) -> list[str] | None:
    for match in lookup.lookup(language, message.msgid, limit=3, min_score=MIN_SCORE,
                               exclude_message=message.id):
        if len(match.translations) == nforms and all(match.translations):
            return list(match.translations)
    return None


def prefill(catalog: Catalog, *, actor: Any = None, use_machine: bool = True) -> Prefill:
    rule = rules.catalog_rule(catalog)
    language = text.language_of(catalog.locale_code)
    messages = list(db.session.scalars(
        select(Message).where(Message.catalog_id == catalog.id, Message.obsolete.is_(False),
                              Message.state == State.UNTRANSLATED.value,
                              Message.msgid != "")
        .order_by(Message.position)))
    batch = ImportBatch(catalog_id=catalog.id, filename="memory + machine", mode=MODE,
                        author_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    drafts: dict[int, list[str]] = {}
    from_memory = 0
    for message in messages:
        nforms = 1 if message.msgid_plural is None else rule.nplurals
        forms = _memory_draft(language, message, nforms)
        if forms is not None:
            drafts[message.id] = forms
            from_memory += 1
    from_machine = 0
    rest = [m for m in messages if m.id not in drafts]
    if use_machine and rest and machine.enabled():
        for start in range(0, len(rest), MACHINE_CHUNK):
            chunk = rest[start:start + MACHINE_CHUNK]
            sources = []
            for m in chunk:
                nforms = 1 if m.msgid_plural is None else rule.nplurals
                sources.extend([m.msgid] + [m.msgid_plural or m.msgid] * (nforms - 1))
            texts = iter(machine.translate(sources, catalog.locale_code))
            for m in chunk:
                nforms = 1 if m.msgid_plural is None else rule.nplurals
                drafts[m.id] = [next(texts) for _ in range(nforms)]
                from_machine += 1
    history, moved = [], []
    for message in messages:
        forms = drafts.get(message.id)
        if forms is None:
            continue
        findings = rules.findings(message.msgid, message.msgid_plural, forms,
                                      message.flags, rule)
        before = (list(message.translations), message.state, message.raw)
        changes.set_text(message, forms, State.DRAFT, findings, actor)
        history.append(changes.history_row(message, before, "import", actor, batch.id))
        moved.append((message, before[1]))
    if history:
        db.session.flush()
        db.session.execute(insert(TranslationHistory), history)
    batch.changed_count = len(history)
    batch.skipped_count = len(messages) - len(history)
    progress.recount_all(catalog, progress.flips(moved))
    audit.record("catalog.prefilled", "catalog", f"{catalog.domain}/{catalog.locale_code}",
                 after={"batch": batch.id, "from_memory": from_memory,
                        "from_machine": from_machine, "left": batch.skipped_count},
                 actor=actor)
    return Prefill(batch, from_memory, from_machine, batch.skipped_count)
