"""Saving a versioned row: set its fields, and when anything changed, a new version, the
time of the change and one audit event; an unchanged save records nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow


class Versioned(Protocol):
    version: int
    updated_at: datetime


class VersionedWithId(Versioned, Protocol):
    id: int


Row = TypeVar("Row", bound=VersionedWithId)


def mark_changed(row: Versioned, before: Any, after: Any) -> bool:
    """Whether the save changed the row's state; when it did, its next version (a new row
    keeps its first) and the time, flushed so that a new row has its key for the audit."""
    if before == after:
        return False
    if before is not None:
        row.version += 1
    row.updated_at = utcnow()
    db.session.flush()
    return True


def save_fields(row: Row, values: Mapping[str, Any], state: Callable[[Row], Any],
                before: Any, *, action: str, object_type: str, reason: str | None,
                actor: object) -> Row:
    for name, value in values.items():
        setattr(row, name, value)
    after = state(row)
    if mark_changed(row, before, after):
        audit.record(action, object_type, row.id, before=before,
                     after=after, reason=reason, actor=actor)
    return row
