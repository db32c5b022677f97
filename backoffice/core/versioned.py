"""Saving a versioned row: set its fields, and when anything changed, a new version, the
time of the change and one audit event; an unchanged save records nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow


class Versioned(Protocol):
    id: int
    version: int
    updated_at: datetime


Row = TypeVar("Row", bound=Versioned)


def save_fields(row: Row, values: Mapping[str, Any], state: Callable[[Row], Any],
                before: Any, *, action: str, object_type: str, reason: str | None,
                actor: object) -> Row:
    for name, value in values.items():
        setattr(row, name, value)
    after = state(row)
    if before == after:
        return row
    if before is not None:
        row.version += 1
    row.updated_at = utcnow()
    db.session.flush()
    audit.record(action, object_type, row.id, before=before,
                 after=after, reason=reason, actor=actor)
    return row
