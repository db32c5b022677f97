"""Admin API: background tasks that failed or wait for a retry."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from backoffice.api.auth import api_requires
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission
from backoffice.tasks import runs

api = Blueprint("tasks", __name__)


@api.route("/tasks")
@api_requires(Permission.TASKS_READ)
def tasks_failed() -> ResponseReturnValue:
    return jsonify(tasks=[{
        "name": run.name, "status": run.status, "attempts": run.attempts,
        "arguments": run.arguments, "error": run.last_error,
        "updated_at": run.updated_at.isoformat()} for run in runs.failed_runs()])


OPENAPI_PATHS = {"/api/v1/admin/tasks": {"get": admin_operation(
    "listFailedTasks", "Background tasks that failed or wait for a retry, with their error",
    admin_responses({"200": json_content({
        "type": "object", "required": ["tasks"], "properties": {"tasks": {
            "type": "array", "items": {
                "type": "object", "required": ["name", "status", "attempts", "updated_at"],
                "properties": {
                    "name": {"type": "string"},
                    "status": {"type": "string", "enum": ["retrying", "failed"]},
                    "attempts": {"type": "integer"}, "arguments": {"type": "object"},
                    "error": {"type": ["string", "null"]},
                    "updated_at": {"type": "string", "format": "date-time"}}}}}},
        "The tasks")}))}}
