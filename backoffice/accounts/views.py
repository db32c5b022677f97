"""Signing in (password, then the authenticator where needed) and out.

Between the password and the second step the person is not signed in: every other page
sends them back here (``sessions``: a session is signed in only once complete). A finance
or admin account without an authenticator sets one up before anything else.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

import backoffice.accounts.profile_views  # noqa: F401  (its routes join the blueprint)
import backoffice.accounts.user_views  # noqa: F401  (its routes join the blueprint)
from backoffice.accounts import operations, proofs, second_factor, sessions, throttling
from backoffice.accounts.blueprint import bp
from backoffice.accounts.forms import CodeForm, EnrolForm, LanguageForm, LoginForm
from backoffice.accounts.models import UserSession
from backoffice.accounts.reauth import requires_recent_confirmation
from backoffice.accounts.sessions import State, init_login
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.i18n import LANGUAGE_NAMES
from backoffice.core.permissions import public
from backoffice.core.security import client_address, no_store, safe_next_path

__all__ = ["bp", "init_login"]


def _next() -> str | None:
    return request.args.get("next")


def _step_url(row: UserSession) -> str:
    """Where a half-open session goes next."""
    step = sessions.state(row)
    if step is State.CODE:
        return url_for("accounts.second_step", next=_next())
    if step is State.ENROL:
        return url_for("accounts.enrol", next=_next())
    return safe_next_path(_next())


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    pending = sessions.current()
    if pending is not None and request.method == "GET":
        return redirect(_step_url(pending))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data or "", form.password.data or "",
                                           client_address())
        except throttling.ThrottledError as error:
            form.form_errors.append(error.message)
            status = 429
        except OperationError as error:
            form.form_errors.append(error.message)
        else:
            return redirect(_step_url(sessions.begin(user)))
    return render_template("accounts/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@public
def second_step() -> ResponseReturnValue:
    row = sessions.current()
    if row is None or sessions.state(row) is not State.CODE:
        return redirect(url_for("accounts.login", next=_next()))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            method = proofs.prove(row.user, form.code.data, address=client_address())
        except throttling.ThrottledError as error:
            form.form_errors.append(error.message)
            status = 429
        except proofs.WrongProof as error:
            apply_error(form, error)  # 200: the failure is committed, and counted
        else:
            sessions.pass_second_step(row, method)
            if method == "recovery_code":
                flash(ngettext(
                    "You signed in with a recovery code; %(num)d is left. If your phone is "
                    "lost, set up a new authenticator on Your account.",
                    "You signed in with a recovery code; %(num)d are left. If your phone is "
                    "lost, set up a new authenticator on Your account.",
                    second_factor.recovery_codes_left(row.user)), "warning")
            return redirect(safe_next_path(_next()))
    return render_template("accounts/second_step.html", form=form, email=row.user.email), status


@bp.route("/login/enrol", methods=["GET", "POST"])
@public
@requires_recent_confirmation
def enrol() -> ResponseReturnValue:
    """Set up an authenticator: the QR code, then one code to prove the phone has it."""
    row = sessions.current()
    if row is None:
        return redirect(url_for("accounts.login", next=_next()))
    user = row.user
    if user.has_second_factor:
        return redirect(_step_url(row))
    form = EnrolForm()
    status = 200
    secret, new = second_factor.pending_secret(user)
    if form.is_submitted():
        if new:
            form.code.errors = [_("This set-up page is too old: scan the new QR code below "
                                  "and try again.")]
            status = 400
        elif form.validate():
            try:
                signing_in = sessions.state(row) is not State.COMPLETE
                codes = second_factor.enrol(user, secret, form.code.data or "")
            except OperationError as error:
                apply_error(form, error)
                status = error.status_code
            else:
                sessions.unseal("enrolment")
                sessions.pass_second_step(row, "totp", signing_in=signing_in)
                sessions.seal("recovery_codes", codes)
                flash(_("Your authenticator is set up."), "success")
                return redirect(url_for("accounts.recovery_codes", next=_next()))
        else:
            status = 400
    form.code.data = ""
    uri = second_factor.provisioning_uri(user, secret)
    return no_store(render_template(
        "accounts/enrol.html", form=form, qr_code=second_factor.qr_code_svg(uri),
        secret=second_factor.grouped(secret), required=sessions.state(row) is State.ENROL,
    )), status


@bp.route("/logout", methods=["POST"])
@public
def logout() -> ResponseReturnValue:
    sessions.end_current()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
@public
def choose_language() -> ResponseReturnValue:
    form = LanguageForm()
    form.language.choices = list(LANGUAGE_NAMES.items())
    if form.validate_on_submit():
        if current_user.is_authenticated:
            operations.set_language(sessions.real_user(current_user), form.language.data)
        session["language"] = form.language.data
    return redirect(safe_next_path(request.form.get("next")))
