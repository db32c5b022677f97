"""The locale a comment route acts on, for the scope it declares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from backoffice.comments.models import CommentThread
from backoffice.core.arguments import MAX_INTEGER
from backoffice.core.db import db
from backoffice.core.permissions import Resolver, Target
from backoffice.countries import scopes


def thread_locale(name: str = "thread_id") -> Resolver:
    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        value = args.get(name)
        if not isinstance(value, int) or not 0 < value <= MAX_INTEGER:
            return []
        code = db.session.scalar(select(CommentThread.locale_code)
                                 .where(CommentThread.id == value))
        return [scopes.locale(code)] if code else []

    return resolve
