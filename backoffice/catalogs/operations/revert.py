"""Reverting an import batch as a whole."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.catalogs.models import ImportBatch, Message, State, TranslationHistory
from backoffice.catalogs.operations import changes, progress, rules
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, OperationError


def revert_batch(batch: ImportBatch, *, actor: Any = None, reason: str = "") -> int:
    """Put back every message the import changed, as a whole: if any was edited since,
    nothing is reverted and the person is told which."""
    if batch.reverted_at is not None:
        raise OperationError(_("This import was already reverted."))
    if batch.mode == "initial":
        raise OperationError(
            _("The first import created the catalog; there is nothing earlier to go back to.")
        )
    rows = list(
        db.session.execute(
            select(TranslationHistory, Message)
            .join(Message, Message.id == TranslationHistory.message_id)
            .where(TranslationHistory.batch_id == batch.id)
        ).all()
    )
    edited = [m for h, m in rows if m.version != h.version]
    if edited:
        raise ConflictError(
            _("%(count)s messages were edited after this import (first: %(msgid)s); it can no "
              "longer be reverted as a whole.", count=len(edited), msgid=edited[0].msgid[:60])
        )
    rule = rules.catalog_rule(batch.catalog)
    history, moved = [], []
    for entry, message in rows:
        found = rules.findings(message.msgid, message.msgid_plural, entry.translations_before,
                               message.flags, rule)
        before = changes.before_of(message)
        changes.set_text(message, list(entry.translations_before), State(entry.state_before),
                         found, actor)
        history.append(changes.history_row(message, before, "revert", actor))
        moved.append((message, before[1]))
    db.session.flush()
    changes.write_history(history)
    batch.reverted_at = utcnow()
    batch.reverted_by_id = getattr(actor, "id", None)
    progress.recount_all(batch.catalog, progress.flips(moved))
    audit.record(
        "catalog.import_reverted", "catalog",
        f"{batch.catalog.domain}/{batch.catalog.locale_code}",
        before={"batch": batch.id, "changed": batch.changed_count},
        after={"reverted": len(rows)}, reason=reason, actor=actor,
    )
    return len(rows)
