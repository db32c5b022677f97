"""Browser sessions kept server-side: begin, look up, finish the second step, confirm, end.

Why server-side rather than a version number on the user: signing out then ends this
browser's session only (not the person's other devices), a copied cookie opens nothing
once its session has ended, a password change ends every other session while the
current one goes on, and the second step of sign-in and the last re-confirmation live
with the session, so they end with it and cannot be replayed from an older cookie.
The browser's signed cookie holds only a random id; the database holds its digest.

This is also the only module that tells Flask-Login who is signed in. It always hands
it a real ``User``: Flask-Login keeps what it is given as the request's user, and given
its own ``current_user`` proxy it would look itself up forever.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask import Flask, current_app, g, request
from flask import session as cookie
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import delete, or_, select, update

from backoffice.accounts import throttling
from backoffice.accounts.models import User, UserSession
from backoffice.audit import operations as audit
from backoffice.core.crypto import SecretUnreadableError, decrypt_secret, encrypt_secret
from backoffice.core.db import db, rows_changed, utcnow
from backoffice.core.security import SESSION_ID_KEY, client_address

_CACHE = "_user_session"


class State(StrEnum):
    COMPLETE = "complete"  # signed in
    CODE = "code"  # the password was right; the authenticator's code is asked next
    ENROL = "enrol"  # the password was right; an authenticator must be set up first


def real_user(user: Any) -> User:
    """The ``User`` behind ``current_user`` (or the user itself)."""
    getter = getattr(user, "_get_current_object", None)
    found: User = getter() if getter is not None else user
    return found


def _digest(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def _lifetime() -> timedelta:
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=lifetime)


def needs_second_factor(user: User) -> bool:
    return user.has_second_factor or user.role in current_app.config["SECOND_FACTOR_ROLES"]


def state(row: UserSession) -> State:
    if row.factor_at is not None or not needs_second_factor(row.user):
        return State.COMPLETE
    return State.CODE if row.user.has_second_factor else State.ENROL


def current() -> UserSession | None:
    """This browser's session if it is open (not ended, not expired), whatever its state."""
    if _CACHE in g:
        cached: UserSession | None = g.get(_CACHE)
        return cached
    row = None
    clear = cookie.get(SESSION_ID_KEY)
    if isinstance(clear, str) and 0 < len(clear) <= 100:
        found = db.session.scalar(
            select(UserSession).where(UserSession.token_digest == _digest(clear))
        )
        if (
            found is not None
            and found.ended_at is None
            and found.user.active
            and utcnow() < found.created_at + _lifetime()
        ):
            row = found
    setattr(g, _CACHE, row)
    return row


def begin(user: User, now: datetime | None = None) -> UserSession:
    """Open a session for a person whose password was right, replacing this browser's."""
    user = real_user(user)
    now = now or utcnow()
    previous = current()
    if previous is not None:
        _end_row(previous, "replaced", now)
    # Sessions long over are of no use to anyone: forget them while we are here.
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        or_(UserSession.ended_at.is_not(None), UserSession.created_at < now - _lifetime()),
    ))
    clear = secrets.token_urlsafe(32)
    row = UserSession(
        user_id=user.id, user=user, token_digest=_digest(clear), created_at=now,
        address=client_address(), user_agent=request.user_agent.string[:200],
        confirmed_at=now,
    )
    db.session.add(row)
    db.session.flush()
    cookie.clear()
    cookie[SESSION_ID_KEY] = clear
    cookie.permanent = True
    setattr(g, _CACHE, row)
    if state(row) is State.COMPLETE:
        _signed_in(row, method="password")
    return row


def pass_second_step(row: UserSession, method: str, *, signing_in: bool = True) -> None:
    """The authenticator's code (or a recovery code) was right in this session.

    ``signing_in``: this completes the sign-in (rather than adding a factor to a session
    that was signed in already).
    """
    row.factor_at = row.confirmed_at = utcnow()
    db.session.flush()
    if signing_in:
        _signed_in(row, method=method)


def _signed_in(row: UserSession, *, method: str) -> None:
    user = real_user(row.user)
    login_user(user)
    # Only a complete sign-in forgets this address's failures: a right password alone
    # must not reset the count of wrong codes that follow it.
    throttling.clear(user.email, row.address)
    audit.record("user.signed_in", "user", row.user_id, actor=user, after={"method": method})


def recently_confirmed(row: UserSession, now: datetime | None = None) -> bool:
    window = timedelta(minutes=current_app.config["REAUTH_MINUTES"])
    return (now or utcnow()) - row.confirmed_at < window


def mark_confirmed(row: UserSession, now: datetime | None = None) -> None:
    row.confirmed_at = now or utcnow()
    db.session.flush()


def renew(
    row: UserSession, reason: str, *, keep_factor: bool = True, now: datetime | None = None
) -> UserSession:
    """Carry this browser on under a new session id, after a change of credentials.

    Every other session of the user ends; this one keeps its confirmation, and its second
    step unless ``keep_factor`` is false (the factor itself was removed).
    """
    now = now or utcnow()
    user = real_user(row.user)
    end_all(user, reason, now=now)
    clear = secrets.token_urlsafe(32)
    fresh = UserSession(
        user_id=user.id, user=user, token_digest=_digest(clear), created_at=now,
        address=row.address, user_agent=row.user_agent,
        factor_at=row.factor_at if keep_factor else None, confirmed_at=row.confirmed_at,
    )
    db.session.add(fresh)
    db.session.flush()
    language = cookie.get("language")
    cookie.clear()
    cookie[SESSION_ID_KEY] = clear
    if language:
        cookie["language"] = language
    cookie.permanent = True
    setattr(g, _CACHE, fresh)
    if state(fresh) is State.COMPLETE:
        login_user(user)
    return fresh


def end_all(user: User, reason: str, *, now: datetime | None = None) -> int:
    """End every open session of the user (their cookies open nothing from now on)."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == real_user(user).id, UserSession.ended_at.is_(None))
        .values(ended_at=now or utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return rows_changed(result)


def _end_row(row: UserSession, reason: str, now: datetime) -> None:
    row.ended_at = now
    row.end_reason = reason
    db.session.flush()


def end_current(reason: str = "signed_out") -> None:
    """Sign this browser out: its session ends server-side, its cookie is emptied."""
    row = current()
    if row is not None:
        _end_row(row, reason, utcnow())
    setattr(g, _CACHE, None)
    logout_user()
    cookie.clear()


def seal(kind: str, value: object) -> None:
    """Keep a secret in this browser's cookie, encrypted with the server's key.

    For what the next pages need and nobody else may read: a new token or recovery codes
    until the page after the redirect shows them, an authenticator's secret until the
    person proves their phone has it. Signing in or out empties the cookie.
    """
    cookie[f"sealed_{kind}"] = encrypt_secret(json.dumps({"value": value,
                                                          "at": utcnow().timestamp()}))


def unseal(kind: str, *, keep: bool = False, max_age: timedelta | None = None) -> Any:
    """What ``seal`` kept (taken out unless ``keep``), or None if absent or too old."""
    sealed = cookie.get(f"sealed_{kind}") if keep else cookie.pop(f"sealed_{kind}", None)
    if not isinstance(sealed, str):
        return None
    try:
        data = json.loads(decrypt_secret(sealed))
    except (SecretUnreadableError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("at"), int | float):
        return None
    if max_age is not None and utcnow().timestamp() - data["at"] > max_age.total_seconds():
        return None
    return data.get("value")


def act_as(user: User) -> None:
    """Make ``user`` the request's user without a browser session (API tokens)."""
    g._login_user = real_user(user)


def init_login(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "accounts.login"
    manager.login_message = None
    # The session's validity is decided server-side (``current``), for every request.
    manager.session_protection = None

    @manager.user_loader
    def _load(user_id: str) -> User | None:
        row = current()
        if row is None or str(row.user_id) != user_id or state(row) is not State.COMPLETE:
            return None
        return row.user

    manager.init_app(app)
