"""A country's playbook tab, and the task templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.labels import stage_label
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.planning.forecast import targets_of
from backoffice.playbook import operations
from backoffice.playbook.forms import InstantiateForm, TaskForm, TemplateForm
from backoffice.playbook.labels import STATUS_LABELS, status_label
from backoffice.playbook.models import STATUSES

bp = Blueprint("playbook", __name__, template_folder="templates")


def _task_form(task: Any = None, form: TaskForm | None = None) -> TaskForm:
    if form is None:
        form = TaskForm(formdata=None, obj=task)
        if task is not None:
            form.owner.data = task.owner.email if task.owner else ""
            form.version.data = str(task.version)
    form.status.choices = [(s, STATUS_LABELS[s]) for s in STATUSES]
    return form


def _country_page(country: Any, failed: tuple[int, TaskForm] | None = None,
                  status: int = 200) -> ResponseReturnValue:
    tasks = operations.tasks_of(country.code)
    targets = targets_of([country.code]).get(country.code, {})
    forms = {t.id: _task_form(t) for t in tasks}
    if failed is not None:
        forms[failed[0]] = _task_form(form=failed[1])
    return render_template(
        "playbook/country.html", country=country, tasks=tasks, forms=forms,
        due={t.id: operations.due_of(t, targets) for t in tasks}, targets=targets,
        status_label=status_label, instantiate_form=InstantiateForm(formdata=None),
        has_templates=bool(operations.templates(active_only=True)),
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)
        and current_user.can_manage_country(country.code)), status


@bp.route("/countries/<code>/playbook")
@requires(Permission.COUNTRIES_READ)
def country(code: str) -> ResponseReturnValue:
    return _country_page(get_country(code))


@bp.route("/countries/<code>/playbook/instantiate", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def instantiate(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = InstantiateForm()
    if not form.validate_on_submit():
        return _country_page(country, status=400)
    created = operations.instantiate(country, actor=current_user._get_current_object(),
                                     reason=form.reason.data)
    flash(ngettext("%(num)d task added to the playbook of %(code)s.",
                   "%(num)d tasks added to the playbook of %(code)s.", len(created),
                   code=country.code), "success")
    return redirect(url_for("playbook.country", code=country.code))


@bp.route("/countries/<code>/playbook/<int:task_id>", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def task(code: str, task_id: int) -> ResponseReturnValue:
    country = get_country(code)
    row = operations.get_task(country.code, task_id)
    form = _task_form(form=TaskForm())
    if not form.validate_on_submit():
        return _country_page(country, (row.id, form), 400)
    try:
        operations.update_task(
            row, expected_version=int(form.version.data) if form.version.data else None,
            actor=current_user._get_current_object(), reason=form.reason.data,
            status=form.status.data, owner=form.owner.data, due_date=form.due_date.data,
            notes=form.notes.data or "")
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _country_page(get_country(code), (task_id, form), error.status_code)
    flash(_("Task saved: %(task)s.", task=row.title), "success")
    return redirect(url_for("playbook.country", code=country.code, _anchor=f"task-{row.id}"))


def _template_form(row: Any = None, form: TemplateForm | None = None) -> TemplateForm:
    if form is None:
        form = TemplateForm(formdata=None, obj=row)
        if row is not None:
            form.version.data = str(row.version)
    form.stage.choices = [(s, stage_label(s)) for s in operations.STAGES]
    return form


def _templates_page(form: TemplateForm | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "playbook/templates.html", templates=operations.templates(),
        form=form or _template_form(), stage_label=stage_label,
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)), status


@bp.route("/playbook/templates")
@requires(Permission.COUNTRIES_READ)
def templates() -> ResponseReturnValue:
    return _templates_page()


def _save_template(row: Any, form: TemplateForm,
                   page: Callable[[TemplateForm, int], ResponseReturnValue]
                   ) -> ResponseReturnValue:
    if not form.validate_on_submit():
        return page(form, 400)
    try:
        operations.save_template(
            row, operations.TemplateInput(
                key=form.key.data or "", title=form.title.data or "", stage=form.stage.data,
                required=form.required.data, offset_days=form.offset_days.data or 0,
                position=form.position.data or 0, active=form.active.data),
            expected_version=int(form.version.data) if form.version.data else None,
            actor=current_user._get_current_object(), reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return page(form, error.status_code)
    flash(_("Template saved: %(title)s.", title=form.title.data), "success")
    return redirect(url_for("playbook.templates"))


@bp.route("/playbook/templates", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add_template() -> ResponseReturnValue:
    return _save_template(None, _template_form(form=TemplateForm()), _templates_page)


@bp.route("/playbook/templates/<int:template_id>", methods=["GET", "POST"])
@requires(Permission.COUNTRIES_READ, write=Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def edit_template(template_id: int) -> ResponseReturnValue:
    row = operations.get_template(template_id)

    def page(form: TemplateForm | None = None, status: int = 200) -> ResponseReturnValue:
        return render_template("playbook/template.html", template=row,
                               form=form or _template_form(row),
                               can_edit=current_user.can(Permission.COUNTRIES_WRITE)), status

    form = TemplateForm()
    if form.is_submitted():
        return _save_template(row, _template_form(form=form), page)
    return page()
