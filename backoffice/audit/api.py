"""The admin API of the audit log: events, filtered, newest first."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from backoffice.api.auth import api_requires
from backoffice.audit import operations as audit
from backoffice.core.arguments import date_arg, int_arg
from backoffice.core.openapi import DATE_TIME, INTEGER, NULLABLE_STRING, STRING, admin_json, obj
from backoffice.core.permissions import Permission

api = Blueprint("audit", __name__)

MAX_PAGE = 500
MAX_OFFSET = 10_000_000  # far beyond any real log; keeps the number within SQL integers


@api.route("/audit-events")
@api_requires(Permission.AUDIT_READ)
def audit_events() -> ResponseReturnValue:
    args = request.args
    filters = audit.AuditFilter(
        actor=args.get("actor") or None, object_type=args.get("object_type") or None,
        object_id=args.get("object_id") or None, country_code=args.get("country") or None,
        date_from=date_arg("from"), date_to=date_arg("to"),
    )
    events = audit.search(
        filters,
        limit=int_arg("limit", 100, minimum=1, maximum=MAX_PAGE),
        offset=int_arg("offset", 0, maximum=MAX_OFFSET),
    )
    return jsonify(events=[
        {
            "id": e.id, "created_at": e.created_at.isoformat(), "actor": e.actor_email,
            "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
            "country": e.country_code, "before": e.before, "after": e.after,
            "reason": e.reason, "request_id": e.request_id,
        }
        for e in events
    ])


OPENAPI_SCHEMAS = {"AuditEvent": obj({
    "id": INTEGER, "created_at": DATE_TIME, "actor": NULLABLE_STRING, "action": STRING,
    "object_type": STRING, "object_id": STRING, "country": NULLABLE_STRING,
    "before": {"type": ["object", "null"]}, "after": {"type": ["object", "null"]},
    "reason": NULLABLE_STRING, "request_id": NULLABLE_STRING,
}, ["id", "created_at", "action", "object_type", "object_id"])}
OPENAPI_PATHS = {"/api/v1/admin/audit-events": {"get": admin_json(
    "listAuditEvents", "Audit events, newest first",
    obj({"events": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}}}),
    description="The events",
    params=[
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in [
            ("actor", STRING), ("object_type", STRING), ("object_id", STRING),
            ("country", STRING),
            ("from", {"type": "string", "format": "date"}),
            ("to", {"type": "string", "format": "date"}),
            ("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
            ("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
        ]
    ])}}
