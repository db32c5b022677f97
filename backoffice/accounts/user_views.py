"""Users and their roles, for admins; resetting someone's lost authenticator."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.accounts import operations, sessions
from backoffice.accounts.blueprint import bp
from backoffice.accounts.forms import ROLE_LABELS, ResetFactorForm, UserCreateForm, UserEditForm
from backoffice.accounts.reauth import requires_recent_confirmation
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires


@bp.route("/users/")
@requires(Permission.USERS_READ)
def users() -> ResponseReturnValue:
    return render_template(
        "accounts/users.html", users=operations.list_users(), role_labels=ROLE_LABELS
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.USERS_WRITE, scope=UNSCOPED)
@requires_recent_confirmation
def user_create() -> ResponseReturnValue:
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                form.email.data or "",
                form.role.data,
                form.password.data,
                locales=form.locale_list,
                countries=form.country_list,
                reason=form.reason.data,
            )
        except OperationError as error:
            apply_error(form, error)
        else:
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.USERS_WRITE, scope=UNSCOPED)
@requires_recent_confirmation
def user_edit(user_id: int) -> ResponseReturnValue:
    user = operations.get_user(user_id)
    form = UserEditForm(
        data=None if request.method == "POST" else {
            "role": user.role,
            "locales": " ".join(user.locales),
            "countries": " ".join(user.countries),
            "active": user.active,
        }
    )
    if form.validate_on_submit():
        if user.id == current_user.id and (not form.active.data or form.role.data != user.role):
            form.form_errors.append(_("You cannot disable yourself or change your own role."))
        else:
            try:
                operations.update_user(
                    user,
                    role=form.role.data,
                    locales=form.locale_list,
                    countries=form.country_list,
                    active=form.active.data,
                    reason=form.reason.data,
                )
            except OperationError as error:
                apply_error(form, error)
            else:
                flash(_("User %(email)s updated.", email=user.email), "success")
                return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=user,
                           reset_form=ResetFactorForm(formdata=None))


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
@requires(Permission.USERS_WRITE, scope=UNSCOPED)
@requires_recent_confirmation
def user_reset_second_factor(user_id: int) -> ResponseReturnValue:
    user = operations.get_user(user_id)
    form = ResetFactorForm()
    if not form.validate_on_submit():
        flash(_("Say why the authenticator is reset."), "error")
        return redirect(url_for("accounts.user_edit", user_id=user.id))
    try:
        operations.reset_second_factor(user, by=sessions.real_user(current_user),
                                       reason=form.reason.data)
    except OperationError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.user_edit", user_id=user.id))
    flash(_("The authenticator of %(email)s was reset: they set up a new one when they next "
            "sign in.", email=user.email), "success")
    return redirect(url_for("accounts.user_edit", user_id=user.id))
