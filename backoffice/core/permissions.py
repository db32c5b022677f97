"""Deny by default: every view declares the one permission it needs.

Roles map to permissions here and nowhere else. Read and write are separate
permissions. A view without a declaration is refused (see ``enforce_declared``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar, cast

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
    CATALOGS_COMMENT = "catalogs.comment"  # comments, questions and requests for context
    GLOSSARY_WRITE = "glossary.write"  # a language's glossary terms, their imports
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
    NOTIFICATIONS_OWN = "notifications.own"  # one's own inbox and mail preferences
    TASKS_READ = "tasks.read"  # background tasks and their errors


_READ_ALL = {
    Permission.DASHBOARD_READ,
    Permission.COUNTRIES_READ,
    Permission.CATALOGS_READ,
    Permission.IDCHECK_READ,
    Permission.MARKETING_READ,
    Permission.NOTIFICATIONS_OWN,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.LAUNCH_MANAGER: frozenset(
        _READ_ALL
        | {
            Permission.AUDIT_READ,
            Permission.COUNTRIES_WRITE,
            Permission.CATALOGS_MANAGE,
            Permission.CATALOGS_COMMENT,
            Permission.GLOSSARY_WRITE,
            Permission.PAYMENTS_READ,
            Permission.PAYMENTS_REQUEST,
            Permission.IDCHECK_WRITE,
            Permission.MARKETING_WRITE,
            Permission.LAUNCH_TRANSITION,
            Permission.TOKENS_MANAGE,
        }
    ),
    Role.TRANSLATOR: frozenset(
        _READ_ALL | {Permission.CATALOGS_TRANSLATE, Permission.CATALOGS_COMMENT,
                     Permission.TOKENS_MANAGE}
    ),
    Role.REVIEWER: frozenset(
        _READ_ALL
        | {Permission.CATALOGS_TRANSLATE, Permission.CATALOGS_REVIEW, Permission.CATALOGS_COMMENT,
           Permission.GLOSSARY_WRITE, Permission.TOKENS_MANAGE}
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


# --- scope: which countries and locales a route acts on ---------------------------------


@dataclass(frozen=True)
class Target:
    """What a request acts on, for the per-country and per-locale limits of some roles.

    A locale target names the countries its text reaches (those using the locale or a
    variant of it) and the locales that inherit from it, so that the rule can say
    whether its blast radius lies within a person's countries, and whether it is the
    parent of one of their locales.
    """

    kind: str  # "country" or "locale"
    code: str
    countries: frozenset[str] = frozenset()
    descendants: frozenset[str] = frozenset()


# A scope resolver turns a request's view arguments into its targets (the domain that owns
# the objects knows how to find them; ``countries.scopes``, ``catalogs.scopes``).
Resolver = Callable[[Mapping[str, Any]], Iterable[Target]]


class Unscoped:
    """Declared on routes that act on nothing a country or locale scope limits (users,
    one's own account, payment connectors, exchange rates)."""

    def __repr__(self) -> str:
        return "UNSCOPED"


UNSCOPED = Unscoped()
# What a route declares as its scope: how to find its targets, or UNSCOPED.
ScopeDeclaration = Resolver | Unscoped
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _writing() -> bool:
    return request.method not in SAFE_METHODS


def authorize(user: Any, permission: Permission, scope: ScopeDeclaration | None,
              write_permission: Permission | None, view_args: Mapping[str, Any]) -> str | None:
    """Why ``user`` may not run this request, or None: the one place access is decided.

    Both the console (``requires``) and the admin API (``api.auth.api_requires``) ask here,
    after authenticating the user their own way.
    """
    needed = write_permission if write_permission is not None and _writing() else permission
    if not user.can(needed):
        return f"this role lacks the permission {needed}"
    if callable(scope):
        for target in scope(view_args):
            if not user.may(target, write=_writing()):
                return f"outside this user's {target.kind}s: {target.code}"
    return None


def refuse(reason: str) -> Any:
    """The one answer to a refused request: 403, JSON for machines, a page for people."""
    if _wants_json():
        return jsonify(error=reason, status=403), 403
    abort(403)


def declare(view: F, permission: Permission, scope: ScopeDeclaration | None,
            write: Permission | None) -> F:
    view.__dict__.update(required_permission=permission, declared_scope=scope,
                         write_permission=write)
    return view


def requires(permission: Permission, *, scope: ScopeDeclaration | None = None,
             write: Permission | None = None) -> Callable[[F], F]:
    """Allow the view only to signed-in users whose role grants ``permission`` (``write``
    for a POST, when given) and whose scope covers what ``scope`` finds it acting on.

    A route that changes anything must say what it acts on (``scope``), or declare
    ``UNSCOPED``: ``enforce_declared`` refuses it otherwise.
    """

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if _wants_json():
                    return jsonify(error="authentication required"), 401
                return redirect(url_for("accounts.login", next=request.full_path))
            reason = authorize(current_user, permission, scope, write, kwargs)
            if reason is not None:
                return refuse(reason)
            return view(*args, **kwargs)

        return declare(cast(F, wrapped), permission, scope, write)

    return decorator


def public(view: F) -> F:
    """Mark a view as open to everyone (sign-in page, health checks, client API)."""
    view.__dict__["is_public"] = True
    return view


def declared_access(view: Callable[..., Any]) -> str | None:
    if getattr(view, "is_public", False):
        return "public"
    permission = getattr(view, "required_permission", None)
    return str(permission) if permission else None


def declared_scope(view: Callable[..., Any]) -> ScopeDeclaration | None:
    return getattr(view, "declared_scope", None)


def enforce_declared() -> None:
    """``before_request`` hook: refuse any endpoint that declared no access rule, and any
    request that would change something on a route that declared no scope."""
    endpoint = request.endpoint
    if endpoint is None:
        return  # 404/405 are answered by the router
    if endpoint == "static" or endpoint.endswith(".static"):
        return
    view = current_app.view_functions.get(endpoint)
    if view is None:
        abort(403)
    access = declared_access(view)
    if access is None:
        abort(403)
    if access != "public" and _writing() and declared_scope(view) is None:
        abort(403)
