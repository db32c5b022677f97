"""Names of task statuses, in the reader's language."""

from __future__ import annotations

from backoffice.core.i18n import lazy_gettext as _l

STATUS_LABELS = {
    "todo": _l("To do"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "skipped": _l("Skipped"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))
