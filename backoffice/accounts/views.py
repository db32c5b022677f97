from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from backoffice.accounts import operations, tokens
from backoffice.accounts.forms import (
    ROLE_LABELS,
    LanguageForm,
    LoginForm,
    PasswordForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from backoffice.accounts.models import User
from backoffice.accounts.passwords import verify_password
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.i18n import LANGUAGE_NAMES
from backoffice.core.permissions import UNSCOPED, Permission, public, requires

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow same-site relative redirects after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = operations.authenticate(
                form.email.data, form.password.data, request.remote_addr or "unknown"
            )
        except operations.ThrottledError as error:
            form.form_errors.append(error.message)
            status = 429
        except OperationError as error:
            form.form_errors.append(error.message)
        else:
            session.clear()
            login_user(user)
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
@public
def choose_language():  # type: ignore[no-untyped-def]
    form = LanguageForm()
    form.language.choices = list(LANGUAGE_NAMES.items())
    if form.validate_on_submit():
        if current_user.is_authenticated:
            operations.set_language(current_user, form.language.data)
        session["language"] = form.language.data
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/profile", methods=["GET", "POST"])
@requires(Permission.DASHBOARD_READ, scope=UNSCOPED)
def profile():  # type: ignore[no-untyped-def]
    form = PasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors = [_("The current password is wrong.")]
        else:
            try:
                operations.set_password(current_user, form.new_password.data)
            except OperationError as error:
                apply_error(form, error)
            else:
                login_user(current_user)  # the session id changed with the password
                flash(_("Your password was changed."), "success")
                return redirect(url_for("accounts.profile"))
    return _profile_page(form)


def _profile_page(form, token_form=None, new_token=None, status=200):  # type: ignore[no-untyped-def]
    can_tokens = current_user.can(Permission.TOKENS_MANAGE)
    return render_template(
        "accounts/profile.html",
        form=form,
        role_labels=ROLE_LABELS,
        token_form=token_form or TokenForm(),
        tokens=tokens.list_tokens(current_user) if can_tokens else [],
        can_tokens=can_tokens,
        new_token=new_token,
    ), status


@bp.route("/profile/tokens", methods=["POST"])
@requires(Permission.TOKENS_MANAGE, scope=UNSCOPED)
def token_create():  # type: ignore[no-untyped-def]
    token_form = TokenForm()
    if token_form.validate_on_submit():
        try:
            _token, clear = tokens.create_token(current_user, token_form.name.data)
        except OperationError as error:
            apply_error(token_form, error)
        else:
            # Shown once, in this answer only; never stored in clear nor put in the session.
            return _profile_page(PasswordForm(formdata=None), TokenForm(formdata=None), clear)
    return _profile_page(PasswordForm(formdata=None), token_form, status=400)


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(Permission.TOKENS_MANAGE, scope=UNSCOPED)
def token_revoke(token_id: int):  # type: ignore[no-untyped-def]
    tokens.revoke_token(current_user, token_id)
    flash(_("The token was revoked."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/users/")
@requires(Permission.USERS_READ)
def users():  # type: ignore[no-untyped-def]
    return render_template(
        "accounts/users.html", users=operations.list_users(), role_labels=ROLE_LABELS
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.USERS_WRITE, scope=UNSCOPED)
def user_create():  # type: ignore[no-untyped-def]
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                form.email.data,
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
def user_edit(user_id: int):  # type: ignore[no-untyped-def]
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
    return render_template("accounts/user_form.html", form=form, user=user)


def init_login(app) -> None:  # type: ignore[no-untyped-def]
    from flask_login import LoginManager

    manager = LoginManager()
    manager.login_view = "accounts.login"
    manager.login_message = None
    manager.session_protection = "strong"

    @manager.user_loader
    def _load(user_token: str):  # type: ignore[no-untyped-def]
        user_id, _sep, version = user_token.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

    manager.init_app(app)
