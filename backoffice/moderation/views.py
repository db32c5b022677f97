"""The moderation roster, and each country's moderation tab."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.queries import all_countries, get_country
from backoffice.countries.scopes import country_arg
from backoffice.moderation import coverage, operations
from backoffice.moderation.forms import ModeratorForm, NeedForm

bp = Blueprint("moderation", __name__, template_folder="templates")


def moderator_input(form: ModeratorForm) -> operations.ModeratorInput:
    return operations.ModeratorInput(
        name=form.name.data or "", kind=form.kind.data,
        languages=[part for part in (form.languages.data or "").split(",")],
        weekly_hours=form.weekly_hours.data or 0, timezone=(form.timezone.data or "").strip(),
        shift_start=form.shift_start.data or 0, shift_end=form.shift_end.data or 0,
        active=form.active.data)


def _index(form: ModeratorForm | None = None, status: int = 200) -> ResponseReturnValue:
    roster = coverage.load()
    countries = all_countries()
    rows = [(country, roster.needs[country.code], coverage.coverage_of(country, roster))
            for country in countries if country.code in roster.needs]
    return render_template(
        "moderation/index.html", moderators=operations.roster(), rows=rows,
        sentence=coverage.sentence, form=form or ModeratorForm(formdata=None),
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)), status


@bp.route("/moderation")
@requires(Permission.COUNTRIES_READ)
def index() -> ResponseReturnValue:
    return _index()


def _save(row: Any, form: ModeratorForm) -> ResponseReturnValue:
    if not form.validate_on_submit():
        return _index(form, 400)
    try:
        saved = operations.save_moderator(
            row, moderator_input(form),
            expected_version=int(form.version.data) if form.version.data else None,
            actor=current_user._get_current_object(), reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _index(form, error.status_code)
    flash(_("%(name)s saved.", name=saved.name), "success")
    return redirect(url_for("moderation.index"))


@bp.route("/moderation/moderators", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add() -> ResponseReturnValue:
    return _save(None, ModeratorForm())


@bp.route("/moderation/moderators/<int:moderator_id>", methods=["GET", "POST"])
@requires(Permission.COUNTRIES_READ, write=Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def edit(moderator_id: int) -> ResponseReturnValue:
    row = operations.get_moderator(moderator_id)
    form = ModeratorForm()
    if form.is_submitted():
        return _save(row, form)
    form = ModeratorForm(formdata=None, obj=row)
    form.languages.data = ", ".join(row.languages or [])
    form.version.data = str(row.version)
    return render_template("moderation/edit.html", moderator=row, form=form,
                           can_edit=current_user.can(Permission.COUNTRIES_WRITE))


def _country_page(country: Any, form: NeedForm | None = None,
                  status: int = 200) -> ResponseReturnValue:
    roster = coverage.load()
    need = roster.needs.get(country.code)
    if form is None:
        form = NeedForm(formdata=None, obj=need)
    return render_template(
        "moderation/country.html", country=country, need=need,
        items=coverage.coverage_of(country, roster), sentence=coverage.sentence, form=form,
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)
        and current_user.can_manage_country(country.code)), status


@bp.route("/countries/<code>/moderation", methods=["GET", "POST"])
@requires(Permission.COUNTRIES_READ, write=Permission.COUNTRIES_WRITE, scope=country_arg())
def country(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = NeedForm()
    if not form.is_submitted():
        return _country_page(country)
    if not form.validate_on_submit():
        return _country_page(country, form, 400)
    try:
        operations.set_need(country, expected_load=form.expected_load.data or 0,
                            hours_per_thousand=form.hours_per_thousand.data,
                            severity=form.severity.data, load_label=form.load_label.data,
                            actor=current_user._get_current_object(), reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _country_page(country, form, error.status_code)
    flash(_("Moderation need of %(code)s saved.", code=country.code), "success")
    return redirect(url_for("moderation.country", code=country.code))
