"""Admin API: the token user's own notifications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.arguments import int_arg
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.notifications import operations
from backoffice.notifications.kinds import label, render

MAX_LIMIT = 200

api = Blueprint("notifications", __name__)


def notification_json(item: Any) -> dict[str, Any]:
    return {"id": item.id, "kind": item.kind, "title": label(item.kind),
            "text": render(item.kind, item.params), "link": item.link,
            "country": item.country_code, "created_at": item.created_at.isoformat(),
            "read": item.read_at is not None}


@api.route("/notifications")
@api_requires(Permission.NOTIFICATIONS_OWN)
def notifications_list() -> ResponseReturnValue:
    items = operations.inbox(
        current_user, unread_only=request.args.get("unread") in ("1", "true"),
        limit=int_arg("limit", 50, minimum=1, maximum=MAX_LIMIT) or 50,
        offset=int_arg("offset", 0, maximum=1_000_000) or 0)
    return jsonify(unread=operations.unread_count(current_user),
                   notifications=[notification_json(item) for item in items])


@api.route("/notifications/<int:notification_id>/read", methods=["POST"])
@api_requires(Permission.NOTIFICATIONS_OWN, scope=UNSCOPED)
def notification_read(notification_id: int) -> ResponseReturnValue:
    marked = operations.mark_read(current_user, notification_id)
    return jsonify(marked=marked, unread=operations.unread_count(current_user))


NOTIFICATION = {
    "type": "object",
    "required": ["id", "kind", "title", "text", "link", "created_at", "read"],
    "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string"}, "title": {"type": "string"},
        "text": {"type": "string"}, "link": {"type": "string"},
        "country": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"},
    },
}
OPENAPI_SCHEMAS = {"Notification": NOTIFICATION}
OPENAPI_PATHS = {
    "/api/v1/admin/notifications": {"get": admin_operation(
        "listNotifications", "The token user's notifications, newest first",
        admin_responses({"200": json_content({
            "type": "object", "required": ["unread", "notifications"],
            "properties": {"unread": {"type": "integer"}, "notifications": {
                "type": "array", "items": {"$ref": "#/components/schemas/Notification"}}}},
            "The notifications")}),
        parameters=[
            {"name": "unread", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["0", "1", "true", "false"]}},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}},
            {"name": "offset", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 0, "maximum": 1_000_000}},
        ])},
    "/api/v1/admin/notifications/{notification_id}/read": {"post": admin_operation(
        "readNotification", "Mark one of the token user's notifications read",
        admin_responses({"200": json_content({
            "type": "object", "required": ["marked", "unread"],
            "properties": {"marked": {"type": "integer"}, "unread": {"type": "integer"}}},
            "Marked")}),
        parameters=[{"name": "notification_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}])},
}
