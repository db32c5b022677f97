"""API tokens: created in the console, stored hashed, revocable, with last-used time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import ApiToken, User
from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import NotFoundError, OperationError

TOKEN_PREFIX = "bo_"  # noqa: S105 - a visible marker, not a secret
# Recording every use would turn each API read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the token row and the clear token, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise OperationError(_("Give the token a name of at most 100 characters."), "name")
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_digest=digest(clear), prefix=clear[:10])
    db.session.add(token)
    db.session.flush()
    audit.record("token.created", "api_token", token.id, after={"name": name,
                                                                 "user": user.email})
    return token, clear


def list_tokens(user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def revoke_token(user: User, token_id: int, *, reason: str | None = None) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and user.role != "admin"):
        raise NotFoundError(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        audit.record("token.revoked", "api_token", token.id, before={"active": True},
                     after={"active": False}, reason=reason)
    return token


def user_for_token(clear: str) -> User | None:
    """The active user behind an active token, or None."""
    if not clear.startswith(TOKEN_PREFIX) or len(clear) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_digest == digest(clear)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user
