"""Writing and reading the audit log."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import Select, func, select

from backoffice.audit.models import AuditEvent
from backoffice.core.csv_export import csv_writer
from backoffice.core.db import db

REDACTED = "[redacted]"
# Any field whose name contains one of these never reaches the log in clear.
_SECRET_MARKERS = ("password", "secret", "api_key", "apikey", "hmac", "token", "key_enc")


def redact(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if any(marker in name.lower() for marker in _SECRET_MARKERS):
            clean[name] = REDACTED if value else value
        elif isinstance(value, Mapping):
            clean[name] = redact(value)
        else:
            clean[name] = value
    return clean


def _changed_only(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if before is None or after is None:
        return before, after
    keys = [k for k in after.keys() | before.keys() if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def record(
    action: str,
    object_type: str,
    object_id: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
    country_code: str | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (it commits with the change)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    # Compare before redacting, so a changed secret still shows as changed.
    old, new = _changed_only(
        dict(before) if before is not None else None, dict(after) if after is not None else None
    )
    old, new = redact(old), redact(new)
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        country_code=country_code,
        before=old,
        after=new,
        reason=reason or None,
        request_id=g.get("request_id") if has_request_context() else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


SIGN_IN = "user.signed_in"


def _contains(column: Any, text: str) -> Any:
    """A partial, case-insensitive match (``%`` and ``_`` in ``text`` match themselves)."""
    return func.lower(column).contains(text.strip().lower(), autoescape=True)


@dataclass
class AuditFilter:
    """Person and object match partly and in any case ("finance" finds finance@...)."""

    action: str | None = None
    without_sign_ins: bool = False
    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    country_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        if self.without_sign_ins:
            query = query.where(AuditEvent.action != SIGN_IN)
        if self.actor and self.actor.strip():
            query = query.where(_contains(AuditEvent.actor_email, self.actor))
        if self.object_type:
            query = query.where(AuditEvent.object_type == self.object_type)
        if self.object_id and self.object_id.strip():
            query = query.where(_contains(AuditEvent.object_id, self.object_id))
        if self.country_code:
            query = query.where(AuditEvent.country_code == self.country_code.upper())
        if self.date_from:
            query = query.where(
                AuditEvent.created_at >= datetime.combine(self.date_from, time.min, UTC)
            )
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, UTC)
            query = query.where(AuditEvent.created_at < end)
        return query


def search(filters: AuditFilter, *, limit: int, offset: int = 0) -> list[AuditEvent]:
    query = filters.apply(select(AuditEvent)).order_by(AuditEvent.id.desc())
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def iter_all(filters: AuditFilter, batch: int = 1000) -> Iterable[AuditEvent]:
    query = filters.apply(select(AuditEvent)).order_by(AuditEvent.id.desc())
    yield from db.session.scalars(query.execution_options(yield_per=batch))


CSV_COLUMNS = [
    "id", "created_at", "actor_email", "action", "object_type", "object_id",
    "country_code", "before", "after", "reason", "request_id",
]


def _as_json(values: dict[str, Any] | None) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


def to_csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv_writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for event in events:
        writer.writerow(
            [
                event.id,
                event.created_at.isoformat(),
                event.actor_email or "",
                event.action,
                event.object_type,
                event.object_id,
                event.country_code or "",
                _as_json(event.before),
                _as_json(event.after),
                event.reason or "",
                event.request_id or "",
            ]
        )
        yield flush()
