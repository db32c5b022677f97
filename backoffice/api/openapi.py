"""The OpenAPI 3.1 document of the client and admin APIs, joined from the domains.

Each API module documents its own operations beside its routes (``OPENAPI_PATHS`` and
``OPENAPI_SCHEMAS``, built with ``backoffice.core.openapi``); this module lists them and
joins them. The document is the contract other tools test against (schemathesis runs it
in the test suite), and a test proves it names exactly the routed operations.
"""

from __future__ import annotations

import importlib
from typing import Any

# The building blocks, importable from here as before.
from backoffice.core.openapi import (  # noqa: F401
    COUNTRY_CODE_PARAM,
    ERROR,
    GATE,
    REFUSAL,
    SCHEMAS,
    admin_operation,
    admin_responses,
    error_content,
    json_content,
    request_body,
)

# Every module that routes under /api/v1, each documenting its operations.
DOMAIN_DOCUMENTS = (
    "backoffice.api.client", "backoffice.api.catalog_json",
    "backoffice.countries.api", "backoffice.launch.api", "backoffice.planning.api",
    "backoffice.catalogs.api", "backoffice.payments.api", "backoffice.approvals.api",
    "backoffice.monitoring.api", "backoffice.idchecks.api", "backoffice.marketing.api",
    "backoffice.calendar.api", "backoffice.notifications.api", "backoffice.tasks.api",
    "backoffice.audit.api", "backoffice.catalogs.bulk_api", "backoffice.comments.api",
    "backoffice.glossary.api", "backoffice.moderation.api", "backoffice.playbook.api",
    "backoffice.opportunities.api", "backoffice.memory.api",
)


def _with_domains() -> tuple[dict[str, Any], dict[str, Any]]:
    paths: dict[str, Any] = {}
    schemas = dict(SCHEMAS)
    for name in DOMAIN_DOCUMENTS:
        module = importlib.import_module(name)
        for path, operations in module.OPENAPI_PATHS.items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    return paths, schemas


def build_document() -> dict[str, Any]:
    paths, schemas = _with_domains()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Country-launch backoffice API",
            "version": "1",
            "description": "Client API (no sign-in) and admin API (bearer tokens created in "
                           "the console, acting with their user's role and scopes).",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token expires (90 days unless chosen otherwise) and may be "
                               "narrowed to a scope: read only, catalogs only or launch only.",
            }},
        },
    }
