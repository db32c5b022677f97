"""Sensitive actions ask the person to confirm it is them when their last proof is old.

Declared on the route, under its permission, so that reading a route tells what guards
it (warehouse's ``require_reauth``)::

    @bp.route("/changes/<int:change_id>/approve", methods=["POST"])
    @requires(Permission.PAYMENTS_APPROVE)
    @requires_recent_confirmation
    def approve(change_id): ...

Reading a page is never asked: only requests that change something (POST and the like).
When the last proof (sign-in or confirmation) is older than ``REAUTH_MINUTES``, the
answer is a confirmation page asking for the authenticator's code, or the password for
people without one. Its form posts back to the same URL with everything the person had
submitted, so the action goes on as soon as the code is right; nothing is done before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from backoffice.accounts import proofs, sessions, throttling
from backoffice.accounts.models import UserSession
from backoffice.core.security import client_address, safe_next_path

F = TypeVar("F", bound=Callable[..., Any])

CONFIRMATION_FIELD = "confirmation_code"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _page(row: UserSession, *, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    fields = [
        (name, value)
        for name in request.form
        if name != CONFIRMATION_FIELD
        for value in request.form.getlist(name)
    ]
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        referrer = "/" + referrer[len(request.host_url):]
    return render_template(
        "accounts/confirm.html",
        action=request.full_path if request.query_string else request.path,
        fields=fields,
        field_name=CONFIRMATION_FIELD,
        with_code=row.user.has_second_factor,
        lost_files=bool(request.files),
        error=error,
        back=safe_next_path(referrer),
    ), status


def requires_recent_confirmation(view: F) -> F:
    """Ask for the code (or password) again before this action if the last proof is old.

    Bearer-token API calls are not asked: a machine cannot answer a prompt, and API
    routes do not carry this decorator; a token's scope and expiry bound what it does.
    """

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if request.method in _SAFE_METHODS or g.get("api_token") is not None:
            return view(*args, **kwargs)
        row = sessions.current()
        if row is None:
            return redirect(url_for("accounts.login"))
        if sessions.recently_confirmed(row):
            return view(*args, **kwargs)
        proof = request.form.get(CONFIRMATION_FIELD)
        if proof is None:
            return _page(row)
        try:
            proofs.prove(row.user, proof, address=client_address())
        except throttling.ThrottledError as error:
            return _page(row, error=error.message, status=429)
        except proofs.WrongProof as error:
            # 200, so that the failure is committed and counts against further guesses.
            return _page(row, error=error.message)
        sessions.mark_confirmed(row)
        return view(*args, **kwargs)

    wrapped.__dict__["requires_confirmation"] = True
    return cast(F, wrapped)
