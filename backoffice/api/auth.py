"""Bearer-token authentication for the admin API."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, jsonify, request

from backoffice.accounts.tokens import user_for_token
from backoffice.core.permissions import (
    Permission,
    ScopeDeclaration,
    authorize,
    declare,
    refuse,
)

F = TypeVar("F", bound=Callable[..., Any])


def api_requires(permission: Permission, *, scope: ScopeDeclaration | None = None,
                 write: Permission | None = None) -> Callable[[F], F]:
    """Allow the view to a valid bearer token whose user may act as ``requires`` says: the
    same permissions and the same declared scope, decided in the same place."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            scheme, _sep, credential = header.partition(" ")
            user = user_for_token(credential.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                response = jsonify(error="a valid bearer token is required")
                response.headers["WWW-Authenticate"] = 'Bearer realm="backoffice"'
                return response, 401
            # Flask-Login reads the request's user from here; audit rows then name them.
            g._login_user = user
            reason = authorize(user, permission, scope, write, kwargs)
            if reason is not None:
                return refuse(f"this token's user may not do this: {reason}")
            return view(*args, **kwargs)

        return declare(wrapped, permission, scope, write)  # type: ignore[arg-type]

    return decorator
