"""Playbook tasks as launch gates: a required task gates its stage, the others warn.

What they read for many countries (tasks, target dates) is loaded once per
``GateContext`` (``ctx.loaded``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.gates import Gate
from backoffice.core.people_text import sentence
from backoffice.countries.models import Country
from backoffice.playbook.models import PlaybookTask
from backoffice.playbook.operations import due_of

CONTEXT_KEY = "playbook"
DATA = ("task",)  # the task's title: people's text


def N_(msgid: str) -> str:  # noqa: N802 - a msgid for pybabel, translated by ``sentence``
    return msgid


def _loaded(ctx: Any) -> tuple[dict[str, list[PlaybookTask]], dict[str, dict[str, date]]]:
    if CONTEXT_KEY not in ctx.loaded:
        from backoffice.planning.forecast import targets_of  # planning reads these gates

        codes = sorted(ctx.states)
        tasks: dict[str, list[PlaybookTask]] = {}
        if codes:
            for task in db.session.scalars(select(PlaybookTask).where(
                    PlaybookTask.country_code.in_(codes)).order_by(
                    PlaybookTask.position, PlaybookTask.id)):
                tasks.setdefault(task.country_code, []).append(task)
        ctx.loaded[CONTEXT_KEY] = (tasks, targets_of(codes))
    loaded: tuple[dict[str, list[PlaybookTask]], dict[str, dict[str, date]]] = (
        ctx.loaded[CONTEXT_KEY])
    return loaded


def task_gate(task: PlaybookTask, due: date | None) -> Gate:
    severity = "error" if task.required else "warning"
    if task.closed:
        message = (sentence(N_("Playbook: %(task)s: done."), DATA, task=task.title)
                   if task.status == "done"
                   else sentence(N_("Playbook: %(task)s: skipped."), DATA, task=task.title))
        return Gate(f"playbook_{task.id}", True, message, severity)
    owner = task.owner.email if task.owner is not None else _("nobody")
    if due is not None:
        message = sentence(N_("Playbook: %(task)s is not done (due %(due)s, owner %(owner)s)."),
                           DATA, task=task.title, due=due.isoformat(), owner=owner)
    else:
        message = sentence(N_("Playbook: %(task)s is not done (owner %(owner)s)."), DATA,
                           task=task.title, owner=owner)
    return Gate(f"playbook_{task.id}", False, message, severity)


def playbook_gates(stage: str) -> Callable[[Country, Any], list[Gate]]:
    """The provider of the gates a stage's playbook tasks give (``launch.gates.GATES``)."""

    def provider(country: Country, ctx: Any) -> list[Gate]:
        tasks, targets = _loaded(ctx)
        mine = targets.get(country.code, {})
        return [task_gate(task, due_of(task, mine)) for task in tasks.get(country.code, [])
                if task.stage == stage]

    provider.__name__ = f"playbook_{stage}"
    return provider
