"""What other domains tell the comment threads (one call each, no import back)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def bulk_applied(record: Any, catalog: Any, messages: Sequence[Any], actor: Any) -> None:
    """A bulk reject's comment goes into each message's thread, so the translator reads why."""
    if record.kind != "reject" or not record.comment:
        return
    from backoffice.comments import operations

    for message in messages:
        operations.add_comment(message, catalog, record.comment, actor=actor, notify=False)
