"""API tokens: created in the console, stored hashed, revocable, with last-used time.

Each token expires (90 days unless chosen otherwise, a year at most) and may be narrowed
to a scope (``token_scopes``). The bearer token is turned into the acting user in
``backoffice.api.auth``, which applies the scope.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import ApiToken, User
from backoffice.accounts.token_scopes import SCOPE_LABELS, TokenScope
from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.core.permissions import Role

TOKEN_PREFIX = "bo_"  # noqa: S105 - a visible marker, not a secret
# Recording every use would turn each API read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


class TokenRefused(Exception):
    """The bearer token opens nothing; the message tells the caller why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _checked_days(days: int | None) -> int:
    config = current_app.config
    if days is None:
        default: int = config["TOKEN_DEFAULT_DAYS"]
        return default
    if not 1 <= days <= config["TOKEN_MAX_DAYS"]:
        raise OperationError(
            _("A token lives from 1 to %(max)d days.", max=config["TOKEN_MAX_DAYS"]), "days"
        )
    return days


def _checked_scope(scope: str | None) -> TokenScope:
    try:
        return TokenScope(scope or TokenScope.ALL)
    except ValueError:
        raise OperationError(
            _("Choose what the token may do: %(scopes)s.",
              scopes=", ".join(str(label) for label in SCOPE_LABELS.values())), "scope"
        ) from None


def create_token(
    user: User, name: str, *, days: int | None = None, scope: str | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Return the token row and the clear token, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise OperationError(_("Give the token a name of at most 100 characters."), "name")
    lifetime = timedelta(days=_checked_days(days))
    checked_scope = _checked_scope(scope)
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name, token_digest=digest(clear), prefix=clear[:10],
        created_at=now or utcnow(), expires_at=(now or utcnow()) + lifetime,
        scope=checked_scope.value,
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token.created", "api_token", token.id, after={
        "name": name, "user": user.email, "scope": token.scope,
        "expires_at": token.expires_at.isoformat(timespec="minutes"),
    })
    return token, clear


def list_tokens(user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def revoke_token(user: User, token_id: int, *, reason: str | None = None) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and user.role != Role.ADMIN):
        raise NotFoundError(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record("token.revoked", "api_token", token.id, before={"active": True},
                     after={"active": False}, reason=reason)
    return token


def token_for(clear: str, now: datetime | None = None) -> ApiToken:
    """The active token of an active user for this clear value, or ``TokenRefused``.

    The messages are for the machine's operator, in English like the rest of the API's
    errors; only an expired token is told apart, so that its owner knows what to do.
    """
    if not clear.startswith(TOKEN_PREFIX) or len(clear) > MAX_TOKEN_LENGTH:
        raise TokenRefused("a valid bearer token is required")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_digest == digest(clear)))
    if token is None or token.revoked_at is not None or not token.user.active:
        raise TokenRefused("a valid bearer token is required")
    now = now or utcnow()
    if token.expired(now):
        raise TokenRefused(
            f"this token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC: create a new one "
            "on the Your account page of the console"
        )
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token

