"""Showing an operation's refusal on the form the person filled in."""

from __future__ import annotations

from typing import Any

from backoffice.core.errors import OperationError


def apply_error(form: Any, error: OperationError, *, field: str | None = None,
                message: str | None = None) -> None:
    """Put each problem on its field, on a group of fields, or above the form.

    An error may carry several ``problems`` (field, message); ``field`` and ``message``
    override the error's own, for callers that map names first.
    """
    problems = getattr(error, "problems", None) or [
        (field if field is not None else error.field, message or error.message)
    ]
    groups = getattr(form, "group_errors", {})
    for name, text in problems:
        if name and name in groups:
            groups[name].append(text)
            continue
        target = getattr(form, name, None) if name else None
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, text]
        else:
            form.form_errors.append(text)
