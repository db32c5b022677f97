"""The approvals inbox: decide from here, without opening another page."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from backoffice.approvals import operations
from backoffice.approvals.forms import ApproveForm, RefuseForm, WithdrawForm
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.permissions import Permission, requires
from backoffice.payments import changes
from backoffice.payments.models import PaymentChangeRequest
from backoffice.payments.scopes import change_country

bp = Blueprint("approvals", __name__, url_prefix="/approvals", template_folder="templates")


def _page(status: int = 200, **forms: object) -> ResponseReturnValue:
    user = current_user._get_current_object()
    return render_template(
        "approvals/index.html",
        waiting=operations.waiting_for(user), mine=operations.requested_by(user),
        approve_form=forms.get("approve_form") or ApproveForm(formdata=None),
        refuse_form=forms.get("refuse_form") or RefuseForm(formdata=None),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(formdata=None),
        failed_id=forms.get("failed_id"),
    ), status


@bp.route("/")
@requires(Permission.PAYMENTS_READ)
def index() -> ResponseReturnValue:
    return _page()


def _act(change_id: int, form: FlaskForm, act: Callable[[PaymentChangeRequest], object],
         name: str, done: str) -> ResponseReturnValue:
    change = changes.get_change(change_id)
    if not form.validate_on_submit():
        return _page(400, failed_id=change.id, **{name: form})
    try:
        act(change)
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(error.status_code, failed_id=change_id, **{name: form})
    flash(done % {"id": change.id, "code": change.country_code}, "success")
    return redirect(url_for("approvals.index"))


@bp.route("/<int:change_id>/approve", methods=["POST"])
@requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def approve(change_id: int) -> ResponseReturnValue:
    form = ApproveForm()
    return _act(change_id, form, lambda change: changes.approve_change(
        change, current_user._get_current_object(), note=form.note.data or ""),
        "approve_form", _("Request #%(id)d approved: online payment for %(code)s is switched "
                          "on as requested."))


@bp.route("/<int:change_id>/refuse", methods=["POST"])
@requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def refuse(change_id: int) -> ResponseReturnValue:
    form = RefuseForm()
    return _act(change_id, form, lambda change: changes.reject_change(
        change, current_user._get_current_object(), note=form.note.data or ""),
        "refuse_form", _("Request #%(id)d for %(code)s refused."))


@bp.route("/<int:change_id>/withdraw", methods=["POST"])
@requires(Permission.PAYMENTS_REQUEST, scope=change_country())
def withdraw(change_id: int) -> ResponseReturnValue:
    form = WithdrawForm()
    return _act(change_id, form, lambda change: changes.withdraw_request(
        change, current_user._get_current_object(), reason=form.reason.data or ""),
        "withdraw_form", _("Request #%(id)d for %(code)s withdrawn."))
