"""Bulk work over the messages an editor filter selects: review, reject to draft with a
comment, search-and-replace (previewed first), copy from the parent locale.

Each run is one batch (an ``ImportBatch`` whose mode names the kind, with a
``BulkOperation`` beside it): every changed message gets a history row pointing at it,
the catalog's counters are recounted once, one audit row tells who, what and why, and
``operations.revert_batch`` puts the whole batch back. Checks run on every new text: a
replacement that breaks a placeholder leaves that message a draft with its findings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select

from backoffice.audit import operations as audit
from backoffice.catalogs import inheritance, operations
from backoffice.catalogs.bulk_models import BulkOperation
from backoffice.catalogs.models import Catalog, ImportBatch, Message, State, TranslationHistory
from backoffice.catalogs.operations import changes, editing, imports, progress, rules
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, ForbiddenError, NotFoundError, OperationError
from backoffice.core.permissions import Permission

# What each kind needs, in the console and the admin API alike; undoing a bulk change
# needs what making it needed: a translator cannot put back what a reviewer's bulk review
# or rejection decided.
PERMISSIONS = {"review": Permission.CATALOGS_REVIEW, "reject": Permission.CATALOGS_REVIEW,
               "replace": Permission.CATALOGS_TRANSLATE,
               "copy_parent": Permission.CATALOGS_TRANSLATE}
KINDS = tuple(PERMISSIONS)
MAX_SELECTION = 5000
MAX_FIND = 200


@dataclass
class Change:
    message: Message
    before: list[str]
    after: list[str]
    state: State


@dataclass
class Plan:
    kind: str
    selected: int
    changes: list[Change] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.selected - len(self.changes)

    @property
    def digest(self) -> str:
        """What the plan would change, as the preview showed it: applying a plan whose
        digest differs from the preview's (someone edited meanwhile) is refused."""
        text = "|".join(f"{c.message.id}:{c.message.version}:{c.after}" for c in self.changes)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def selection(catalog: Catalog, filters: operations.MessageFilter) -> list[Message]:
    """Every message the editor's filter and search select (not one page)."""
    rows, more = operations.messages_page(catalog, filters, 1, page_size=MAX_SELECTION)
    if more:
        raise OperationError(_("More than %(count)s messages match: narrow the filter or the "
                               "search first.", count=MAX_SELECTION))
    return rows


def _state_after_edit(message: Message, forms: list[str], rule: Any) -> State:
    findings = rules.findings(message.msgid, message.msgid_plural, forms, message.flags,
                                    rule)
    state = operations.state_of(forms, False)
    if rules.failing(findings) and state != State.UNTRANSLATED:
        return State.DRAFT
    return state


def plan(catalog: Catalog, kind: str, filters: operations.MessageFilter, *,
         find: str = "", replace: str = "") -> Plan:
    """What ``kind`` would change among the selected messages (nothing is written)."""
    if kind not in KINDS:
        raise OperationError(_("Unknown bulk action."), "action")
    messages = selection(catalog, filters)
    result = Plan(kind, len(messages))
    rule = operations.catalog_rule(catalog)
    if kind == "review":
        result.changes = [Change(m, list(m.translations), list(m.translations), State.REVIEWED)
                          for m in messages
                          if m.state == State.TRANSLATED.value and not m.failing]
    elif kind == "reject":
        result.changes = [Change(m, list(m.translations), list(m.translations), State.DRAFT)
                          for m in messages if m.state in operations.DONE_STATES]
    elif kind == "replace":
        if not find or len(find) > MAX_FIND or len(replace) > MAX_FIND:
            raise OperationError(_("Say what to find (at most %(count)s characters).",
                                   count=MAX_FIND), "find")
        for m in messages:
            if not any(find in form for form in m.translations):
                continue
            after = [form.replace(find, replace) for form in m.translations]
            result.changes.append(Change(m, list(m.translations), after,
                                         _state_after_edit(m, after, rule)))
    elif kind == "copy_parent":
        texts = inheritance.inherited_texts(catalog, [m.source_key for m in messages])
        for m in messages:
            inherited = texts.get(m.source_key)
            if m.state in operations.DONE_STATES or not inherited:
                continue
            after = imports._fit_forms(m, list(inherited))
            result.changes.append(Change(m, list(m.translations), after,
                                         _state_after_edit(m, after, rule)))
    return result


def apply(catalog: Catalog, kind: str, filters: operations.MessageFilter, *, actor: Any,
          comment: str = "", find: str = "", replace: str = "",
          expected: str | None = None) -> BulkOperation:
    """Run the plan as one batch. ``expected`` is the digest the person previewed."""
    comment = (comment or "").strip()
    if kind == "reject" and not comment:
        raise OperationError(_("Say why these translations go back to draft."), "comment")
    current = plan(catalog, kind, filters, find=find, replace=replace)
    if expected is not None and expected != current.digest:
        raise ConflictError(_("The messages changed since the preview: look at the preview "
                              "again before applying it."))
    if not current.changes:
        raise OperationError(_("No selected message would change."))
    batch = ImportBatch(catalog_id=catalog.id, filename=_label(kind, find, replace),
                        mode=f"bulk_{kind}"[:16], changed_count=len(current.changes),
                        skipped_count=current.skipped, author_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    rule = operations.catalog_rule(catalog)
    history, moved = [], []
    for change in current.changes:
        message = change.message
        version = message.version
        before = (list(message.translations), message.state, message.raw)
        findings = rules.findings(message.msgid, message.msgid_plural, change.after,
                                        message.flags, rule)
        changes.set_text(message, change.after, change.state, findings, actor)
        editing._guarded_flush(message, version, change.after)
        history.append(changes.history_row(message, before, kind, actor, batch.id))
        moved.append((message, before[1]))
    db.session.execute(insert(TranslationHistory), history)
    progress.recount_all(catalog, progress.flips(moved))
    record = BulkOperation(batch_id=batch.id, kind=kind, comment=comment[:2000],
                           criteria={"state": filters.state, "q": filters.query,
                                     "find": find, "replace": replace},
                           changed_count=len(current.changes), skipped_count=current.skipped)
    db.session.add(record)
    db.session.flush()
    audit.record(
        f"catalog.bulk_{kind}", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        before={"selected": current.selected},
        after={"batch": batch.id, "changed": len(current.changes),
               "messages": [c.message.id for c in current.changes[:50]],
               "find": find or None, "replace": replace if find else None},
        reason=comment, actor=actor,
    )
    from backoffice.comments import hooks

    hooks.bulk_applied(record, catalog, [c.message for c in current.changes], actor)
    return record


def _label(kind: str, find: str, replace: str) -> str:
    if kind == "replace":
        return f"replace {find!r} -> {replace!r}"[:255]
    return kind.replace("_", " ")


def get(operation_id: int) -> BulkOperation:
    record = db.session.get(BulkOperation, operation_id)
    if record is None:
        raise NotFoundError(_("This bulk change does not exist."))
    return record


def recent(catalog: Catalog, limit: int = 20) -> list[BulkOperation]:
    return list(db.session.scalars(
        select(BulkOperation).join(ImportBatch, ImportBatch.id == BulkOperation.batch_id)
        .where(ImportBatch.catalog_id == catalog.id)
        .order_by(BulkOperation.id.desc()).limit(limit)))


def revert(record: BulkOperation, *, actor: Any, reason: str) -> int:
    """Put back every message of the batch, or nothing (one was edited since)."""
    if not (reason or "").strip():
        raise OperationError(_("Say why the bulk change is reverted."), "reason")
    needed = PERMISSIONS.get(record.kind, Permission.CATALOGS_TRANSLATE)
    if actor is not None and not actor.can(needed):
        raise ForbiddenError(_("Only someone who may review can undo a bulk review or rejection."))
    return operations.revert_batch(record.batch, actor=actor, reason=reason.strip())
