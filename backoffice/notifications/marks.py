"""Marks: the last value a watcher saw for a subject, moved by one worker at a time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from backoffice.core.db import db, rows_changed, utcnow
from backoffice.notifications.models import WatchMark


def observe(subject: str, value: str, now: datetime | None = None
            ) -> tuple[str | None, int] | None:
    """Record ``value`` for ``subject``. Returns (previous value, change number) when this
    call moved the mark, or None when the value is unchanged (or another worker moved it)."""
    now = now or utcnow()
    mark = db.session.get(WatchMark, subject)
    if mark is None:
        try:
            with db.session.begin_nested():
                db.session.add(WatchMark(subject=subject, value=value, changes=1,
                                         updated_at=now))
        except IntegrityError:
            return None
        return None, 1
    if mark.value == value:
        return None
    previous, number = mark.value, mark.changes + 1
    result = db.session.execute(
        update(WatchMark).where(WatchMark.subject == subject, WatchMark.value == previous)
        .values(value=value, changes=number, updated_at=now)
        .execution_options(synchronize_session=False))
    db.session.expire(mark)
    return (previous, number) if rows_changed(result) == 1 else None
