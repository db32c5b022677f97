"""Where to launch next: the ranked candidates, one candidate's figures, and creating the
country from there."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.cldr import cldr_defaults
from backoffice.countries.scopes import country_arg
from backoffice.opportunities import operations
from backoffice.opportunities.forms import (
    ActionForm,
    CandidateForm,
    CreateCountryForm,
    IndicatorForm,
    split,
)
from backoffice.opportunities.knowledge import Product
from backoffice.opportunities.ranking import BY_KEY, CRITERIA, INDICATOR_KEYS, rank, sentence
from backoffice.opportunities.ranking import weights as current_weights

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities",
               template_folder="templates")


def create_form(code: str, form: CreateCountryForm | None = None) -> CreateCountryForm:
    defaults = cldr_defaults(code)
    form = form or CreateCountryForm(formdata=None)
    form.timezone.choices = [(z, z) for z in defaults.timezones]
    form.currency.choices = [(c, c) for c in defaults.currencies]
    if form.timezone.data is None:
        form.timezone.data = main_timezone(code, defaults.timezones)
    return form


def main_timezone(code: str, zones: list[str]) -> str | None:
    """The zone the tz database lists first for the country (its main one, mostly), when
    pytz is there to say (it comes with Babel on most installs), else the first."""
    try:
        import pytz
    except ImportError:  # pragma: no cover - optional
        return zones[0] if zones else None
    listed = [z for z in pytz.country_timezones.get(code, []) if z in zones]
    return listed[0] if listed else (zones[0] if zones else None)


def _index(form: CandidateForm | None = None, status: int = 200,
           failed: tuple[str, CreateCountryForm] | None = None) -> ResponseReturnValue:
    rows = rank(operations.candidates(), Product.load())
    forms = {row.code: create_form(row.code) for row in rows
             if not row.candidate.created_country}
    if failed is not None:
        forms[failed[0]] = create_form(failed[0], failed[1])
    return render_template(
        "opportunities/index.html", rows=rows, sentence=sentence, criteria=CRITERIA,
        weights=current_weights(), create_forms=forms, action_form=ActionForm(formdata=None),
        form=form or CandidateForm(formdata=None),
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)), status


@bp.route("")
@requires(Permission.COUNTRIES_READ)
def index() -> ResponseReturnValue:
    return _index()


@bp.route("", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add() -> ResponseReturnValue:
    form = CandidateForm()
    if not form.validate_on_submit():
        return _index(form, 400)
    try:
        row = operations.save_candidate(
            None, code=(form.code.data or "").strip().upper(),
            locales=split(form.locales.data) or None, similar_to=split(form.similar_to.data),
            notes=form.notes.data or "", actor=current_user._get_current_object(),
            reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _index(form, error.status_code)
    flash(_("%(code)s added to the candidates.", code=row.code), "success")
    return redirect(url_for("opportunities.candidate", code=row.code))


@bp.route("/weights", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def weights() -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate_on_submit():
        return _index(status=400)
    try:
        operations.set_weights({key: request.form.get(f"weight_{key}", "")
                                for key in BY_KEY if f"weight_{key}" in request.form},
                               actor=current_user._get_current_object())
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _index(status=error.status_code)
    flash(_("Weights saved."), "success")
    return redirect(url_for("opportunities.index"))


def _candidate_page(row: Any, form: CandidateForm | None = None,
                    indicator_form: IndicatorForm | None = None,
                    status: int = 200) -> ResponseReturnValue:
    if form is None:
        form = CandidateForm(formdata=None, obj=row)
        form.locales.data = ", ".join(row.locales or [])
        form.similar_to.data = ", ".join(row.similar_to or [])
        form.version.data = str(row.version)
    indicator_form = indicator_form or IndicatorForm(formdata=None)
    indicator_form.key.choices = [(k, BY_KEY[k].label) for k in INDICATOR_KEYS]
    [ranked] = rank([row])
    return render_template(
        "opportunities/candidate.html", candidate=row, row=ranked, sentence=sentence,
        labels={k: c.label for k, c in BY_KEY.items()}, form=form,
        indicator_form=indicator_form, action_form=ActionForm(formdata=None),
        create_form=create_form(row.code),
        can_edit=current_user.can(Permission.COUNTRIES_WRITE)), status


@bp.route("/<code>", methods=["GET", "POST"])
@requires(Permission.COUNTRIES_READ, write=Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def candidate(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    form = CandidateForm()
    if not form.is_submitted():
        return _candidate_page(row)
    form.code.data = row.code
    if not form.validate_on_submit():
        return _candidate_page(row, form, status=400)
    try:
        operations.save_candidate(
            row, locales=split(form.locales.data), similar_to=split(form.similar_to.data),
            notes=form.notes.data or "",
            expected_version=int(form.version.data) if form.version.data else None,
            actor=current_user._get_current_object(), reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _candidate_page(operations.get_candidate(code), form, status=error.status_code)
    flash(_("%(code)s saved.", code=row.code), "success")
    return redirect(url_for("opportunities.candidate", code=row.code))


@bp.route("/<code>/indicators", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def indicator(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    form = IndicatorForm()
    form.key.choices = [(k, BY_KEY[k].label) for k in INDICATOR_KEYS]
    as_of = form.as_of.data
    if not form.validate_on_submit() or as_of is None:  # a date is required: never None here
        return _candidate_page(row, indicator_form=form, status=400)
    try:
        operations.set_indicator(row, form.key.data, form.value.data,
                                 source=form.source.data or "", as_of=as_of,
                                 actor=current_user._get_current_object(),
                                 reason=form.reason.data)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _candidate_page(operations.get_candidate(code), indicator_form=form,
                               status=error.status_code)
    flash(_("Indicator saved."), "success")
    return redirect(url_for("opportunities.candidate", code=row.code))


@bp.route("/<code>/payments", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def payments(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    if not ActionForm().validate_on_submit():
        return _candidate_page(row, status=400)
    try:
        operations.refresh_payments(row, actor=current_user._get_current_object())
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _candidate_page(operations.get_candidate(code), status=error.status_code)
    if row.payment_error:
        flash(_("Adyen did not answer: %(error)s", error=row.payment_error), "error")
    else:
        flash(_("Adyen was asked about %(code)s.", code=row.code), "success")
    return redirect(url_for("opportunities.candidate", code=row.code))


@bp.route("/<code>/country", methods=["POST"])
@requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def create(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    form = create_form(row.code, CreateCountryForm())
    if not form.validate_on_submit():
        return _index(status=400, failed=(row.code, form))
    try:
        country = operations.create_country(
            row, timezone=form.timezone.data, currency=form.currency.data,
            actor=current_user._get_current_object(), reason=form.reason.data or None)
    except OperationError as error:
        db.session.rollback()
        apply_error(form, error)
        return _index(status=error.status_code, failed=(code.upper(), form))
    flash(_("%(code)s was created with its playbook.", code=country.code), "success")
    return redirect(url_for("playbook.country", code=country.code))
