"""What an API token may do: all of its user's rights, or a narrower scope.

A scope only ever narrows: the acting permissions are the role's intersected with the
scope's (``User.can``). Permissions added later are outside every narrow scope until
listed here, so a new right is never handed to an existing narrow token by accident.
"""

from __future__ import annotations

from enum import StrEnum

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.core.permissions import Permission


class TokenScope(StrEnum):
    ALL = "all"
    READ = "read"
    CATALOGS = "catalogs"
    LAUNCH = "launch"


SCOPE_LABELS = {
    TokenScope.ALL: _l("All of my rights"),
    TokenScope.READ: _l("Read only"),
    TokenScope.CATALOGS: _l("Catalogs only"),
    TokenScope.LAUNCH: _l("Launch only"),
}

_CATALOGS = frozenset({
    Permission.CATALOGS_READ,
    Permission.CATALOGS_TRANSLATE,
    Permission.CATALOGS_REVIEW,
    Permission.CATALOGS_MANAGE,
})
# Readiness and moves along the launch pipeline.
_LAUNCH = frozenset({Permission.COUNTRIES_READ, Permission.LAUNCH_TRANSITION})


def scope_permissions(scope: str) -> frozenset[Permission] | None:
    """The permissions a scope leaves to its token; None means the role's, unnarrowed.

    An unknown scope (a row written by a newer version) leaves nothing.
    """
    if scope == TokenScope.ALL:
        return None
    if scope == TokenScope.READ:
        return frozenset(p for p in Permission if p.value.endswith(".read"))
    if scope == TokenScope.CATALOGS:
        return _CATALOGS
    if scope == TokenScope.LAUNCH:
        return _LAUNCH
    return frozenset()
