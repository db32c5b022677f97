"""Bearer-token authentication for the admin API."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, jsonify, request

from backoffice.accounts.tokens import user_for_token
from backoffice.core.permissions import Permission

F = TypeVar("F", bound=Callable[..., Any])


def api_requires(permission: Permission) -> Callable[[F], F]:
    """Allow the view to a valid bearer token whose user's role grants ``permission``."""

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
            if not user.can(permission):
                return jsonify(error=f"this token's role lacks the permission {permission}"), 403
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
