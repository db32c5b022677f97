"""The admin API: automation acting with a bearer token's user, role and scopes.

Each domain declares its endpoints next to its views (``<domain>/api.py``); this module is
the one blueprint they join, under ``/api/v1/admin``, and the one answer to their
errors: ``{"error": ...}`` with 400/401/403/404/409, never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from backoffice.core.errors import OperationError
from backoffice.core.gates import blocking, gate_json

PREFIX = "/api/v1/admin"


def _operation_error(error: OperationError) -> ResponseReturnValue:
    payload: dict[str, Any] = {"error": error.message, "status": error.status_code}
    if error.field:
        payload["field"] = error.field
    gates = getattr(error, "gates", None)
    if gates is not None:
        payload["failing_gates"] = [gate_json(g) for g in blocking(gates)]
    return jsonify(payload), error.status_code


def admin_api() -> Blueprint:
    """The admin API blueprint with every domain's endpoints, in one explicit list."""
    from backoffice.approvals.api import api as approvals
    from backoffice.audit.api import api as audit
    from backoffice.calendar.api import api as calendar
    from backoffice.catalogs.api import api as catalogs
    from backoffice.catalogs.bulk_api import api as catalog_bulk
    from backoffice.comments.api import api as comments
    from backoffice.countries.api import api as countries
    from backoffice.glossary.api import api as glossary
    from backoffice.idchecks.api import api as idchecks
    from backoffice.launch.api import api as launch
    from backoffice.marketing.api import api as marketing
    from backoffice.memory.api import api as memory
    from backoffice.moderation.api import api as moderation
    from backoffice.monitoring.api import api as monitoring
    from backoffice.notifications.api import api as notifications
    from backoffice.opportunities.api import api as opportunities
    from backoffice.payments.api import api as payments
    from backoffice.planning.api import api as planning
    from backoffice.playbook.api import api as playbook
    from backoffice.tasks.api import api as tasks

    bp = Blueprint("admin_api", __name__, url_prefix=PREFIX)
    bp.register_error_handler(OperationError, _operation_error)
    for domain in (countries, launch, planning, catalogs, payments, approvals, monitoring,
                   idchecks, marketing, calendar, notifications, tasks, audit,
                   catalog_bulk, comments, glossary, moderation, playbook, opportunities,
                   memory):
        bp.register_blueprint(domain)
    return bp
