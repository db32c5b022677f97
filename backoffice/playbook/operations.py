"""Templates and tasks of the launch playbook: validated, versioned, flushed and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import User
from backoffice.audit import operations as audit
from backoffice.core.arguments import DATE_MAX, DATE_MIN
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.versioned import save_fields
from backoffice.countries.models import Country, Stage
from backoffice.playbook.models import STATUSES, PlaybookTask, TaskTemplate

STAGES = (Stage.LIVE.value, Stage.PAYMENTS_LIVE.value)  # the stages a task may gate
MAX_OFFSET = 730
_KEY = re.compile(r"[a-z][a-z0-9_]{0,59}")


@dataclass
class TemplateInput:
    key: str
    title: str
    stage: str
    required: bool = False
    offset_days: int = 0
    position: int = 0
    active: bool = True


TEMPLATE_FIELDS = ("key", "title", "stage", "required", "offset_days", "position", "active")
TASK_FIELDS = ("title", "status", "notes", "due_date", "owner", "required", "stage")


def _stage(value: str) -> str:
    if value not in STAGES:
        raise OperationError(_("Choose the stage the task is a gate of."), "stage")
    return value


def _offset(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > MAX_OFFSET:
        raise OperationError(_("The offset is a number of days from -%(n)d to %(n)d.",
                               n=MAX_OFFSET), "offset_days")
    return value


def _title(value: str | None) -> str:
    text = (value or "").strip()
    if not text or len(text) > 200:
        raise OperationError(_("A title of 1 to 200 characters is required."), "title")
    return text


def template_state(row: TaskTemplate) -> dict[str, Any]:
    return {name: getattr(row, name) for name in TEMPLATE_FIELDS}


def templates(active_only: bool = False) -> list[TaskTemplate]:
    query = select(TaskTemplate).order_by(TaskTemplate.position, TaskTemplate.id)
    if active_only:
        query = query.where(TaskTemplate.active.is_(True))
    return list(db.session.scalars(query))


def get_template(template_id: int) -> TaskTemplate:
    row = db.session.get(TaskTemplate, template_id)
    if row is None:
        raise NotFoundError(_("There is no such task template."))
    return row


def _check_version(row: Any, expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise ConflictError(_("Someone changed this entry while you were editing. Reload "
                              "and try again."), "version")


def save_template(row: TaskTemplate | None, data: TemplateInput, *,
                  expected_version: int | None = None, actor: object = None,
                  reason: str | None = None) -> TaskTemplate:
    key = (data.key or "").strip()
    if not _KEY.fullmatch(key):
        raise OperationError(_("The key is lower case letters, digits and _ (at most 60)."),
                             "key")
    clean = {"key": key, "title": _title(data.title), "stage": _stage(data.stage),
             "required": bool(data.required), "offset_days": _offset(data.offset_days),
             "position": data.position if isinstance(data.position, int) else 0,
             "active": bool(data.active)}
    taken = db.session.scalar(select(TaskTemplate).where(TaskTemplate.key == key))
    if taken is not None and taken is not row:
        raise OperationError(_("Another template has the key %(key)s.", key=key), "key")
    before = template_state(row) if row is not None else None
    if row is None:
        row = TaskTemplate(version=1)
        db.session.add(row)
    else:
        _check_version(row, expected_version)
    return save_fields(row, clean, template_state, before, action="playbook.template_saved",
                       object_type="playbook_template", reason=reason, actor=actor)


# --- tasks ---------------------------------------------------------------------------------


def tasks_of(country_code: str) -> list[PlaybookTask]:
    return list(db.session.scalars(select(PlaybookTask).where(
        PlaybookTask.country_code == country_code).order_by(
        PlaybookTask.position, PlaybookTask.id)))


def get_task(country_code: str, task_id: int) -> PlaybookTask:
    row = db.session.get(PlaybookTask, task_id)
    if row is None or row.country_code != country_code:
        raise NotFoundError(_("There is no such task in %(code)s.", code=country_code))
    return row


def due_of(task: PlaybookTask, targets: dict[str, date]) -> date | None:
    """The date set on the task, else its offset from the target date of its stage."""
    if task.due_date is not None:
        return task.due_date
    target = targets.get(task.stage)
    if target is None:
        return None
    due = target + timedelta(days=task.offset_days)
    return min(max(due, DATE_MIN), DATE_MAX)


def task_state(row: PlaybookTask) -> dict[str, Any]:
    return {"title": row.title, "stage": row.stage, "required": row.required,
            "status": row.status, "notes": row.notes,
            "due_date": row.due_date.isoformat() if row.due_date else None,
            "owner": row.owner.email if row.owner is not None else None}


def instantiate(country: Country, *, actor: object = None, reason: str | None = None
                ) -> list[PlaybookTask]:
    """Give the country a task for every active template it has no task of yet."""
    have = {t.template_id for t in tasks_of(country.code)}
    created = []
    for template in templates(active_only=True):
        if template.id in have:
            continue
        task = PlaybookTask(country_code=country.code, template_id=template.id,
                            title=template.title, stage=template.stage,
                            required=template.required, offset_days=template.offset_days,
                            position=template.position, owner=country.owner, version=1,
                            status="todo", notes="")
        db.session.add(task)
        created.append(task)
    if created:
        db.session.flush()
        audit.record("playbook.instantiated", "country", country.code,
                     after={"tasks": [t.title for t in created]}, reason=reason,
                     country_code=country.code, actor=actor)
    return created


def find_owner(email: str | None) -> User | None:
    text = (email or "").strip().lower()
    if not text:
        return None
    user = db.session.scalar(select(User).where(User.email == text))
    if user is None or not user.active:
        raise OperationError(_("No active user has the address %(email)s.", email=text),
                             "owner")
    return user


def update_task(task: PlaybookTask, *, expected_version: int | None = None,
                actor: object = None, reason: str | None = None, **changes: Any
                ) -> PlaybookTask:
    """Change a task's owner (an e-mail address), status, notes, due date or title."""
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise OperationError(_("Unknown field: %(name)s.", name=sorted(unknown)[0]))
    _check_version(task, expected_version)
    before = task_state(task)
    if "title" in changes:
        task.title = _title(changes["title"])
    if "status" in changes:
        if changes["status"] not in STATUSES:
            raise OperationError(_("Choose a status."), "status")
        task.status = changes["status"]
    if "notes" in changes:
        notes = changes["notes"] or ""
        if not isinstance(notes, str) or len(notes) > 5000:
            raise OperationError(_("Notes are text of at most 5,000 characters."), "notes")
        task.notes = notes
    if "due_date" in changes:
        due = changes["due_date"]
        if due is not None and (not isinstance(due, date) or not DATE_MIN <= due <= DATE_MAX):
            raise OperationError(_("Choose a date from %(first)s to %(last)s.",
                                   first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()),
                                 "due_date")
        task.due_date = due
    if "owner" in changes:
        task.owner = find_owner(changes["owner"])
    if "required" in changes:
        task.required = bool(changes["required"])
    if "stage" in changes:
        task.stage = _stage(changes["stage"])
    after = task_state(task)
    if before == after:
        return task
    task.version += 1
    task.updated_at = utcnow()
    db.session.flush()
    audit.record("playbook.task_updated", "playbook_task", task.id, before=before,
                 after=after, reason=reason, country_code=task.country_code, actor=actor)
    return task


def overdue(now: datetime | None = None) -> list[tuple[PlaybookTask, date]]:
    """Open tasks whose due date has passed, with that date."""
    from backoffice.planning.forecast import targets_of  # planning reads the launch gates

    today = (now or utcnow()).date()
    open_tasks = list(db.session.scalars(select(PlaybookTask).where(
        PlaybookTask.status.in_(("todo", "in_progress")))))
    targets = targets_of({t.country_code for t in open_tasks})
    found = []
    for task in open_tasks:
        due = due_of(task, targets.get(task.country_code, {}))
        if due is not None and due < today:
            found.append((task, due))
    return found


def notify_overdue(now: datetime | None = None) -> int:
    """Tell each overdue task's owner once per due date (retries and reruns add nothing)."""
    from backoffice.notifications import kinds
    from backoffice.notifications.operations import notify

    told = 0
    for task, due in overdue(now):
        if task.owner is None:
            continue
        told += len(notify(
            [task.owner], kinds.PLAYBOOK_OVERDUE, key=f"playbook:{task.id}:{due.isoformat()}",
            params={"country": task.country_code, "task": task.title,
                    "due_date": due.isoformat()},
            link=f"/countries/{task.country_code}/playbook", country_code=task.country_code))
    return told
