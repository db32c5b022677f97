"""Deny by default: every view declares the one permission it needs.

Roles map to permissions here and nowhere else. Read and write are separate
permissions. A view without a declaration is refused (see ``enforce_declared``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])


class Role(StrEnum):
    ADMIN = "admin"
    LAUNCH_MANAGER = "launch_manager"
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    FINANCE = "finance"
    VIEWER = "viewer"


class Permission(StrEnum):
    DASHBOARD_READ = "dashboard.read"
    USERS_READ = "users.read"
    USERS_WRITE = "users.write"
    AUDIT_READ = "audit.read"
    COUNTRIES_READ = "countries.read"
    COUNTRIES_WRITE = "countries.write"
    CATALOGS_READ = "catalogs.read"
    CATALOGS_TRANSLATE = "catalogs.translate"
    CATALOGS_REVIEW = "catalogs.review"
    CATALOGS_MANAGE = "catalogs.manage"  # imports, template updates, reverts
    PAYMENTS_READ = "payments.read"
    PAYMENTS_CONFIGURE = "payments.configure"
    PAYMENTS_REQUEST = "payments.request"
    PAYMENTS_APPROVE = "payments.approve"
    PAYMENTS_KILL = "payments.kill"
    IDCHECK_READ = "idcheck.read"
    IDCHECK_WRITE = "idcheck.write"
    PROVIDERS_WRITE = "providers.write"
    MARKETING_READ = "marketing.read"
    MARKETING_WRITE = "marketing.write"
    LAUNCH_TRANSITION = "launch.transition"
    TOKENS_MANAGE = "tokens.manage"  # one's own API tokens


_READ_ALL = {
    Permission.DASHBOARD_READ,
    Permission.COUNTRIES_READ,
    Permission.CATALOGS_READ,
    Permission.IDCHECK_READ,
    Permission.MARKETING_READ,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.LAUNCH_MANAGER: frozenset(
        _READ_ALL
        | {
            Permission.AUDIT_READ,
            Permission.COUNTRIES_WRITE,
            Permission.CATALOGS_MANAGE,
            Permission.PAYMENTS_READ,
            Permission.PAYMENTS_REQUEST,
            Permission.IDCHECK_WRITE,
            Permission.MARKETING_WRITE,
            Permission.LAUNCH_TRANSITION,
            Permission.TOKENS_MANAGE,
        }
    ),
    Role.TRANSLATOR: frozenset(
        _READ_ALL | {Permission.CATALOGS_TRANSLATE, Permission.TOKENS_MANAGE}
    ),
    Role.REVIEWER: frozenset(
        _READ_ALL
        | {Permission.CATALOGS_TRANSLATE, Permission.CATALOGS_REVIEW, Permission.TOKENS_MANAGE}
    ),
    Role.FINANCE: frozenset(
        _READ_ALL
        | {
            Permission.AUDIT_READ,
            Permission.PAYMENTS_READ,
            Permission.PAYMENTS_CONFIGURE,
            Permission.PAYMENTS_REQUEST,
            Permission.PAYMENTS_APPROVE,
            Permission.PAYMENTS_KILL,
            Permission.TOKENS_MANAGE,
        }
    ),
    Role.VIEWER: frozenset(_READ_ALL),
}

# Roles whose work is limited to the locales assigned to them.
LOCALE_SCOPED_ROLES = frozenset({Role.TRANSLATOR, Role.REVIEWER})


def role_has(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/webhooks/")) or (
        request.accept_mimetypes.best == "application/json"
    )


def requires(permission: Permission) -> Callable[[F], F]:
    """Allow the view only to signed-in users whose role grants ``permission``."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if _wants_json():
                    return jsonify(error="authentication required"), 401
                return redirect(url_for("accounts.login", next=request.full_path))
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Mark a view as open to everyone (sign-in page, health checks, client API)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def declared_access(view: Callable[..., Any]) -> str | None:
    if getattr(view, "is_public", False):
        return "public"
    permission = getattr(view, "required_permission", None)
    return str(permission) if permission else None


def enforce_declared() -> None:
    """``before_request`` hook: refuse any endpoint that declared no access rule."""
    endpoint = request.endpoint
    if endpoint is None:
        return  # 404/405 are answered by the router
    if endpoint == "static" or endpoint.endswith(".static"):
        return
    view = current_app.view_functions.get(endpoint)
    if view is None or declared_access(view) is None:
        abort(403)
