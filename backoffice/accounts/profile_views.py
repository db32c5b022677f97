"""Your account: password, authenticator and recovery codes, API tokens.

Every form here redirects after a successful POST; a secret to show once (a new token,
recovery codes) waits for the page after the redirect (``sessions.seal``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.accounts import operations, second_factor, sessions, tokens
from backoffice.accounts.blueprint import bp
from backoffice.accounts.forms import ROLE_LABELS, PasswordForm, TokenForm
from backoffice.accounts.models import User
from backoffice.accounts.reauth import requires_recent_confirmation
from backoffice.accounts.token_scopes import SCOPE_LABELS
from backoffice.core.db import utcnow
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.core.security import client_address, no_store, safe_next_path


@bp.route("/profile", methods=["GET", "POST"])
@requires(Permission.DASHBOARD_READ, scope=UNSCOPED)
def profile() -> ResponseReturnValue:
    user = sessions.real_user(current_user)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_own_password(user, form.current_password.data or "",
                                           form.new_password.data or "", address=client_address())
        except OperationError as error:
            # 200 (or 429): a wrong current password is a failed attempt, and is kept.
            apply_error(form, error)
            status = 429 if error.status_code == 429 else 200
            return _profile_page(user, form, status=status)
        flash(_("Your password was changed. Your other sessions have ended."), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(user, form)


def _profile_page(user: User, form: PasswordForm, status: int = 200) -> ResponseReturnValue:
    can_tokens = user.can(Permission.TOKENS_MANAGE)
    return no_store(render_template(
        "accounts/profile.html",
        form=form,
        role_labels=ROLE_LABELS,
        scope_labels=SCOPE_LABELS,
        token_form=TokenForm(formdata=None),
        tokens=tokens.list_tokens(user) if can_tokens else [],
        can_tokens=can_tokens,
        new_token=sessions.unseal("token"),
        recovery_codes_left=second_factor.recovery_codes_left(user)
        if user.has_second_factor else 0,
        now=utcnow(),
    )), status


@bp.route("/profile/tokens", methods=["POST"])
@requires(Permission.TOKENS_MANAGE, scope=UNSCOPED)
@requires_recent_confirmation
def token_create() -> ResponseReturnValue:
    token_form = TokenForm()
    if token_form.validate_on_submit():
        try:
            _token, clear = tokens.create_token(
                sessions.real_user(current_user), token_form.name.data or "",
                days=token_form.days.data, scope=token_form.scope.data,
            )
        except OperationError as error:
            flash(error.message, "error")
        else:
            sessions.seal("token", clear)
            return redirect(url_for("accounts.profile"))
    else:
        for errors in token_form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("accounts.profile"))


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(Permission.TOKENS_MANAGE, scope=UNSCOPED)
@requires_recent_confirmation
def token_revoke(token_id: int) -> ResponseReturnValue:
    tokens.revoke_token(sessions.real_user(current_user), token_id)
    flash(_("The token was revoked."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/profile/recovery-codes")
@requires(Permission.DASHBOARD_READ)
def recovery_codes() -> ResponseReturnValue:
    codes = sessions.unseal("recovery_codes")
    if not codes:
        flash(_("Recovery codes are shown only once. Make new ones if you lost them."), "info")
        return redirect(url_for("accounts.profile"))
    return no_store(render_template(
        "accounts/recovery_codes.html", codes=codes,
        next=safe_next_path(request.args.get("next")),
    ))


@bp.route("/profile/recovery-codes", methods=["POST"])
@requires(Permission.DASHBOARD_READ, scope=UNSCOPED)
@requires_recent_confirmation
def recovery_codes_renew() -> ResponseReturnValue:
    user = sessions.real_user(current_user)
    if not user.has_second_factor:
        flash(_("Set up an authenticator first."), "error")
        return redirect(url_for("accounts.profile"))
    sessions.seal("recovery_codes", second_factor.renew_recovery_codes(user))
    return redirect(url_for("accounts.recovery_codes"))


@bp.route("/profile/second-factor/replace", methods=["POST"])
@requires(Permission.DASHBOARD_READ, scope=UNSCOPED)
@requires_recent_confirmation
def second_factor_replace() -> ResponseReturnValue:
    """Forget the current authenticator (a new phone): set up the new one next."""
    user = sessions.real_user(current_user)
    row = sessions.current()
    second_factor.remove(user, reason=None, action="user.second_factor_removed")
    if row is not None:
        sessions.renew(row, "second_factor_replaced", keep_factor=False)
    return redirect(url_for("accounts.enrol"))
