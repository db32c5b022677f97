"""Changing a message's text in memory, and the history row each change leaves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from backoffice.catalogs.models import Message, State, TranslationHistory
from backoffice.catalogs.operations import rules
from backoffice.core.db import db, utcnow

# A message's text before a change: (translations, state, raw).
Before = tuple[list[str], str, str | None]


def before_of(message: Message) -> Before:
    return (list(message.translations), message.state, message.raw)


def set_text(
    message: Message, forms: list[str], state: State, findings: rules.Findings, actor: Any,
) -> None:
    """Change a message's text and state in memory; the caller flushes and counts."""
    message.translations = list(forms)
    message.state = state.value
    flags = [f for f in (message.flags or []) if f != "fuzzy"]
    if state == State.DRAFT:
        flags.insert(0, "fuzzy")
    elif message.previous_msgid is not None or message.previous_msgctxt is not None:
        # The translation now matches the current source: the old source is history.
        message.previous_msgctxt = None
        message.previous_msgid = None
        message.previous_msgid_plural = None
    message.flags = flags
    message.findings = findings
    message.failing = rules.failing(findings)
    message.search_text = rules.search_text(
        message.msgctxt, message.msgid, message.msgid_plural, forms,
        message.translator_comments or [], message.extracted_comments or [],
    )
    message.version = message.version + 1
    message.author_id = getattr(actor, "id", None)
    message.updated_at = utcnow()


def history_row(
    message: Message, before: Before, action: str, actor: Any, batch_id: int | None = None,
) -> dict[str, Any]:
    return {
        "message_id": message.id,
        "batch_id": batch_id,
        "action": action,
        "translations_before": before[0],
        "state_before": before[1],
        "raw_before": before[2],
        "translations": list(message.translations),
        "state": message.state,
        "version": message.version,
        "author_id": getattr(actor, "id", None),
        "created_at": utcnow(),
    }


def write_history(rows: list[dict[str, Any]]) -> None:
    if rows:
        db.session.execute(insert(TranslationHistory), rows)
