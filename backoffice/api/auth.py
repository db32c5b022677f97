"""Bearer-token authentication for the admin API.

This is where a bearer token becomes the acting user, and so the one place where a
token's scope narrows what its user's role allows (``User.can`` then answers for the
whole request). An expired token is refused with 401 and says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from backoffice.accounts import sessions, tokens
from backoffice.accounts.models import ApiToken, User
from backoffice.accounts.token_scopes import scope_permissions
from backoffice.core.permissions import (
    Permission,
    ScopeDeclaration,
    authorize,
    declare,
    refuse,
    role_has,
)

F = TypeVar("F", bound=Callable[..., Any])


def acting_user(token: ApiToken) -> User:
    """The token's user, narrowed to the token's scope for the rest of the request."""
    user = token.user
    user.token_permissions = scope_permissions(token.scope)
    return user


def _refused(message: str) -> ResponseReturnValue:
    response = jsonify(error=message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="backoffice"'
    return response, 401


def api_requires(permission: Permission, *, scope: ScopeDeclaration | None = None,
                 write: Permission | None = None) -> Callable[[F], F]:
    """Allow the view to a valid bearer token whose user may act as ``requires`` says: the
    same permissions and the same declared scope, decided in the same place
    (``core.permissions.authorize``), with the token's own scope narrowing the role."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            scheme, _sep, credential = header.partition(" ")
            if scheme.lower() != "bearer":
                return _refused("a valid bearer token is required")
            try:
                token = tokens.token_for(credential.strip())
            except tokens.TokenRefused as refused:
                return _refused(refused.message)
            user = acting_user(token)
            g.api_token = token
            # Flask-Login reads the request's user from here; audit rows then name them.
            sessions.act_as(user)
            reason = authorize(user, permission, scope, write, kwargs)
            if reason is not None:
                if role_has(user.role, permission) and not user.can(permission):
                    reason = f"this token's scope ({token.scope}) does not allow {permission}"
                return refuse(f"this token's user may not do this: {reason}")
            return view(*args, **kwargs)

        return declare(cast(F, wrapped), permission, scope, write)

    return decorator
