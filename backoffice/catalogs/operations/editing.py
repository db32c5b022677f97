"""A person's edits: saving a translation and marking it reviewed.

Both write only if nobody wrote the message since the version the person loaded
(:func:`_guarded_flush`), whatever the session; a stale version is a
:class:`TranslationConflict` that keeps the person's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from backoffice.audit import operations as audit
from backoffice.catalogs import storable
from backoffice.catalogs.models import Catalog, Message, State
from backoffice.catalogs.operations import changes, progress, rules
from backoffice.core.db import db, rows_changed, utcnow
from backoffice.core.errors import ConflictError, OperationError
from backoffice.memory import feed as memory_feed


class TranslationConflict(ConflictError):
    """Someone saved this message since the person loaded it."""

    def __init__(self, message: Message, yours: list[str]) -> None:
        super().__init__(
            _("Someone else saved this message while you were editing it. Your text is kept "
              "in the field above; theirs is shown below it: choose which to keep."),
            "translations",
        )
        self.current = message
        self.yours = yours


@dataclass
class SaveResult:
    message: Message
    saved: bool
    findings: list[dict[str, Any]]


def save_translation(
    message: Message,
    forms: Sequence[str],
    *,
    version: int,
    actor: Any = None,
    catalog: Catalog | None = None,
) -> SaveResult:
    """Save a person's text. A stale ``version`` is a conflict; nothing typed is dropped:
    text failing an error check is kept as a draft with its findings."""
    catalog = catalog or db.session.get(Catalog, message.catalog_id)
    assert catalog is not None
    rule = rules.catalog_rule(catalog)
    forms = [str(f or "") for f in forms]
    if message.msgid_plural is None:
        if len(forms) != 1:
            raise OperationError(_("This message takes exactly one translation."), "translations")
    elif len(forms) != rule.nplurals:
        raise OperationError(
            _("This message takes %(count)s plural forms.", count=rule.nplurals), "translations"
        )
    if message.obsolete:
        raise OperationError(_("This message is obsolete and cannot be edited."))
    storable.check_forms(forms, storable.catalog_charset(catalog))
    if version != message.version:
        raise TranslationConflict(message, forms)
    found = rules.findings(message.msgid, message.msgid_plural, forms, message.flags, rule)
    new_state = rules.checked_state(rules.state_of(forms, False), found)
    if rules.unchanged(message, forms, new_state):
        return SaveResult(message, False, found)
    old_state, old_failing = message.state, message.failing
    before = changes.before_of(message)
    changes.set_text(message, forms, new_state, found, actor)
    _guarded_flush(message, version, forms)
    changes.write_history([changes.history_row(message, before, "edit", actor)])
    progress.count_change(catalog, message, old_state, old_failing)
    memory_feed.message_changed(catalog, message)
    _audit_message("catalog.translation_saved", catalog, message, before, actor)
    return SaveResult(message, True, found)


def review(message: Message, *, version: int, actor: Any = None) -> Message:
    """Mark a translated message reviewed."""
    if version != message.version:
        raise TranslationConflict(message, list(message.translations))
    if message.state != State.TRANSLATED.value:
        raise OperationError(_("Only translated messages can be marked reviewed."))
    catalog = db.session.get(Catalog, message.catalog_id)
    assert catalog is not None
    old_state, old_failing = message.state, message.failing
    before = changes.before_of(message)
    message.state = State.REVIEWED.value
    message.version += 1
    message.author_id = getattr(actor, "id", None)
    message.updated_at = utcnow()
    _guarded_flush(message, version, list(message.translations))
    changes.write_history([changes.history_row(message, before, "review", actor)])
    progress.count_change(catalog, message, old_state, old_failing)
    memory_feed.message_changed(catalog, message)
    _audit_message("catalog.translation_reviewed", catalog, message, before, actor)
    return message


def _audit_message(action: str, catalog: Catalog, message: Message,
                   before: changes.Before, actor: Any) -> None:
    audit.record(
        action, "message", f"{catalog.domain}/{catalog.locale_code}/{message.id}",
        before={"translations": before[0], "state": before[1]},
        after={"translations": list(message.translations), "state": message.state},
        actor=actor,
    )


def _guarded_flush(message: Message, version: int, forms: list[str]) -> None:
    """Write the message only if nobody wrote it since ``version`` (any session)."""
    values = {
        "translations": message.translations,
        "state": message.state,
        "flags": message.flags,
        "previous_msgctxt": message.previous_msgctxt,
        "previous_msgid": message.previous_msgid,
        "previous_msgid_plural": message.previous_msgid_plural,
        "findings": message.findings,
        "failing": message.failing,
        "search_text": message.search_text,
        "version": message.version,
        "author_id": message.author_id,
        "updated_at": message.updated_at,
    }
    with db.session.no_autoflush:
        result = db.session.execute(
            update(Message.__table__)
            .where(Message.__table__.c.id == message.id, Message.__table__.c.version == version)
            .values(**values)
        )
    if rows_changed(result) != 1:
        db.session.expire(message)
        db.session.refresh(message)
        raise TranslationConflict(message, forms)
    # The row now holds these values: the object has nothing left to write.
    for name, value in values.items():
        set_committed_value(message, name, value)
