"""The console's main navigation: each entry shows only to roles allowed to open it."""

from __future__ import annotations

from typing import TypeVar

from flask import current_app, request
from flask_login import current_user

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.core.permissions import Permission

Label = TypeVar("Label")

# Entries whose endpoint is not registered (a domain not installed) are skipped.
NAV_ITEMS = [
    ("dashboard.index", Permission.DASHBOARD_READ, _l("Dashboard")),
    ("countries.index", Permission.COUNTRIES_READ, _l("Countries")),
    ("catalogs.index", Permission.CATALOGS_READ, _l("Translations")),
    ("payments.index", Permission.PAYMENTS_READ, _l("Payments")),
    ("approvals.index", Permission.PAYMENTS_APPROVE, _l("Approvals")),
    ("calendar.index", Permission.COUNTRIES_READ, _l("Calendar")),
    ("idchecks.providers", Permission.IDCHECK_READ, _l("ID checks")),
    ("marketing.index", Permission.MARKETING_READ, _l("Marketing")),
    ("audit.index", Permission.AUDIT_READ, _l("Audit log")),
    ("accounts.users", Permission.USERS_READ, _l("Users")),
    ("tasks.index", Permission.TASKS_READ, _l("Tasks")),
]


# The pages a main entry leads to, shown as a second row on that entry's pages: the main
# row stays one line at 1280 px in both languages.
SUB_NAV: dict[str, list[tuple[str, Permission, object]]] = {
    "countries.index": [
        ("countries.index", Permission.COUNTRIES_READ, _l("All countries")),
        ("opportunities.index", Permission.COUNTRIES_READ, _l("Where to launch next")),
        ("moderation.index", Permission.COUNTRIES_READ, _l("Moderation")),
        ("playbook.templates", Permission.COUNTRIES_READ, _l("Playbook templates")),
    ],
    "catalogs.index": [
        ("catalogs.index", Permission.CATALOGS_READ, _l("Catalogs")),
        ("glossary.index", Permission.CATALOGS_READ, _l("Glossaries")),
        ("memory.index", Permission.CATALOGS_READ, _l("Memory")),
        ("comments.requests_page", Permission.CATALOGS_MANAGE, _l("Requests for context")),
    ],
}

# An entry is highlighted on the pages of its own blueprint, unless it names the endpoints
# it covers here (the accounts blueprint also serves "Your account", which is no entry),
# and on the pages of its second row.
NAV_SECTIONS: dict[str, tuple[str, ...]] = {
    "accounts.users": ("accounts.users", "accounts.user_"),
    "countries.index": ("countries.", "opportunities.", "moderation.", "playbook."),
    "catalogs.index": ("catalogs.", "catalog_bulk.", "catalog_stats.", "glossary.", "memory.",
                       "comments."),
}


def _shown(entries: list[tuple[str, Permission, Label]]) -> list[tuple[str, Permission, Label]]:
    """The entries the signed-in person may open and whose endpoint is registered; none
    for a visitor."""
    if not current_user.is_authenticated:
        return []
    return [(endpoint, permission, label) for endpoint, permission, label in entries
            if endpoint in current_app.view_functions and current_user.can(permission)]


def nav_is_current(endpoint: str) -> bool:
    """Whether the page being shown belongs to the navigation entry of ``endpoint``."""
    shown = request.endpoint or ""
    prefixes = NAV_SECTIONS.get(endpoint)
    if prefixes is not None:
        return shown.startswith(prefixes)
    return shown.split(".")[0] == endpoint.split(".")[0]


def sub_nav_items() -> list[tuple[str, str, bool]]:
    """The second row of the current page's entry: (endpoint, label, current) each."""
    shown = (request.endpoint or "").split(".")[0]
    for parent, children in SUB_NAV.items():
        if not nav_is_current(parent):
            continue
        items = [(endpoint, str(label), endpoint.split(".")[0] == shown)
                 for endpoint, _permission, label in _shown(children)]
        return items if len(items) > 1 else []
    return []


def nav_items() -> list[tuple[str, Permission, str]]:
    return _shown(NAV_ITEMS)


# Sections of a country's page, each served by its own domain, in the order of the tabs.
# Each endpoint takes the country code as ``code``.
COUNTRY_SECTIONS: list[tuple[str, Permission, str]] = [
    ("countries.detail", Permission.COUNTRIES_READ, _l("Configuration")),
    ("launch.country", Permission.COUNTRIES_READ, _l("Readiness")),
    ("launch.timeline", Permission.COUNTRIES_READ, _l("Timeline")),
    ("catalogs.country", Permission.CATALOGS_READ, _l("Translations")),
    ("payments.country", Permission.PAYMENTS_READ, _l("Payments")),
    ("idchecks.country", Permission.IDCHECK_READ, _l("ID checks")),
    ("marketing.country", Permission.MARKETING_READ, _l("Marketing")),
    ("moderation.country", Permission.COUNTRIES_READ, _l("Moderation")),
    ("playbook.country", Permission.COUNTRIES_READ, _l("Playbook")),
]


def country_sections() -> list[tuple[str, Permission, str]]:
    return _shown(COUNTRY_SECTIONS)
