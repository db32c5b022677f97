"""Admin API: the playbook's task templates and each country's tasks."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, int_field, json_body, string_field
from backoffice.core.arguments import parse_date
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    admin_operation,
    admin_responses,
    json_content,
)
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.planning.forecast import targets_of
from backoffice.playbook import operations
from backoffice.playbook.models import STATUSES

api = Blueprint("playbook", __name__)


def template_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, **operations.template_state(row)}


def _template_input(body: dict[str, Any], row: Any = None) -> operations.TemplateInput:
    current = operations.template_state(row) if row is not None else {}
    values: dict[str, Any] = {}
    for name in ("key", "title", "stage"):
        if name in body or row is None:
            values[name] = string_field(body, name, max_length=200)
        else:
            values[name] = current[name]
    for name in ("offset_days", "position"):
        values[name] = (int_field(body, name) if name in body
                        else current.get(name, 0))
    for name in ("required", "active"):
        value = body.get(name, current.get(name, name == "active"))
        if not isinstance(value, bool):
            raise BadRequest(f'"{name}" must be true or false.', name)
        values[name] = value
    return operations.TemplateInput(**values)


@api.route("/playbook/templates")
@api_requires(Permission.COUNTRIES_READ)
def templates() -> ResponseReturnValue:
    return jsonify({"templates": [template_json(t) for t in operations.templates()]})


@api.route("/playbook/templates", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add_template() -> ResponseReturnValue:
    body = json_body()
    row = operations.save_template(None, _template_input(body),
                                   actor=current_user._get_current_object(),
                                   reason=string_field(body, "reason", required=False))
    return jsonify(template_json(row)), 201


@api.route("/playbook/templates/<int:template_id>", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def update_template(template_id: int) -> ResponseReturnValue:
    row = operations.get_template(template_id)
    body = json_body()
    row = operations.save_template(row, _template_input(body, row),
                                   expected_version=int_field(body, "version"),
                                   actor=current_user._get_current_object(),
                                   reason=string_field(body, "reason", required=False))
    return jsonify(template_json(row))


def playbook_json(country: Any) -> dict[str, Any]:
    targets = targets_of([country.code]).get(country.code, {})
    tasks = []
    for task in operations.tasks_of(country.code):
        due = operations.due_of(task, targets)
        tasks.append({"id": task.id, "version": task.version,
                      "template": task.template_id, "offset_days": task.offset_days,
                      **operations.task_state(task),
                      "due": due.isoformat() if due else None})
    return {"country": country.code, "tasks": tasks}


@api.route("/countries/<code>/playbook")
@api_requires(Permission.COUNTRIES_READ)
def country(code: str) -> ResponseReturnValue:
    return jsonify(playbook_json(get_country(code)))


@api.route("/countries/<code>/playbook", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def instantiate(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body() if request.get_data() else {}
    operations.instantiate(country, actor=current_user._get_current_object(),
                           reason=string_field(body, "reason", required=False))
    return jsonify(playbook_json(country))


@api.route("/countries/<code>/playbook/<int:task_id>", methods=["PATCH"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def update_task(code: str, task_id: int) -> ResponseReturnValue:
    country = get_country(code)
    task = operations.get_task(country.code, task_id)
    body = json_body()
    changes: dict[str, Any] = {}
    for name in ("title", "status", "stage"):
        if name in body:
            changes[name] = string_field(body, name, max_length=200)
    if "notes" in body:
        changes["notes"] = string_field(body, "notes", required=False, max_length=5000) or ""
    if "owner" in body:
        changes["owner"] = string_field(body, "owner", required=False, max_length=254)
    if "due_date" in body:
        value = body["due_date"]
        if value is not None and not isinstance(value, str):
            raise BadRequest('"due_date" must be a date (YYYY-MM-DD) or null.', "due_date")
        changes["due_date"] = parse_date(value, "due_date") if value else None
    if "required" in body:
        if not isinstance(body["required"], bool):
            raise BadRequest('"required" must be true or false.', "required")
        changes["required"] = body["required"]
    operations.update_task(task, expected_version=int_field(body, "version"),
                           actor=current_user._get_current_object(),
                           reason=string_field(body, "reason", required=False), **changes)
    return jsonify(playbook_json(country))


STAGE = {"type": "string", "enum": list(operations.STAGES)}
TEMPLATE_FIELDS = {
    "key": {"type": "string", "maxLength": 60}, "title": {"type": "string", "maxLength": 200},
    "stage": STAGE, "required": {"type": "boolean"},
    "offset_days": {"type": "integer", "minimum": -730, "maximum": 730},
    "position": {"type": "integer"}, "active": {"type": "boolean"},
}
OPENAPI_SCHEMAS = {
    "TaskTemplate": {
        "type": "object", "required": ["id", "version", "key", "title", "stage", "required"],
        "properties": {"id": {"type": "integer"}, "version": {"type": "integer"},
                       **TEMPLATE_FIELDS},
    },
    "Playbook": {
        "type": "object", "required": ["country", "tasks"],
        "properties": {"country": {"type": "string"}, "tasks": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "version", "title", "stage", "required", "status", "due"],
            "properties": {
                "id": {"type": "integer"}, "version": {"type": "integer"},
                "template": {"type": ["integer", "null"]},
                "offset_days": {"type": "integer"}, "title": {"type": "string"},
                "stage": STAGE, "required": {"type": "boolean"},
                "status": {"type": "string", "enum": list(STATUSES)},
                "notes": {"type": "string"},
                "owner": {"type": ["string", "null"]},
                "due_date": {"type": ["string", "null"], "format": "date"},
                "due": {"type": ["string", "null"], "format": "date"}}}}},
    },
}
TEMPLATE = {"$ref": "#/components/schemas/TaskTemplate"}
PLAYBOOK = {"$ref": "#/components/schemas/Playbook"}
REASON = {"reason": {"type": "string", "maxLength": 500}}
TEMPLATE_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "properties": {**TEMPLATE_FIELDS, "version": {"type": "integer"},
                                     **REASON}}}}}
TASK_PARAM = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "integer"}}
OPENAPI_PATHS = {
    "/api/v1/admin/playbook/templates": {
        "get": admin_operation(
            "listTaskTemplates", "The playbook's task templates",
            admin_responses({"200": json_content({"type": "object", "properties": {
                "templates": {"type": "array", "items": TEMPLATE}}}, "The templates")})),
        "post": admin_operation(
            "addTaskTemplate", "Add a task template",
            admin_responses({"201": json_content(TEMPLATE, "The new template")}),
            requestBody=TEMPLATE_BODY),
    },
    "/api/v1/admin/playbook/templates/{template_id}": {"put": admin_operation(
        "updateTaskTemplate", "Change a task template (409 if its version moved on)",
        admin_responses({"200": json_content(TEMPLATE, "The template")}, "409"),
        parameters=[{"name": "template_id", "in": "path", "required": True,
                     "schema": {"type": "integer"}}],
        requestBody=TEMPLATE_BODY)},
    "/api/v1/admin/countries/{code}/playbook": {
        "get": admin_operation(
            "getPlaybook", "The country's playbook tasks with their due dates",
            admin_responses({"200": json_content(PLAYBOOK, "The tasks")}),
            parameters=[COUNTRY_CODE_PARAM]),
        "post": admin_operation(
            "instantiatePlaybook", "Give the country a task for every active template",
            admin_responses({"200": json_content(PLAYBOOK, "The tasks")}),
            parameters=[COUNTRY_CODE_PARAM],
            requestBody={"content": {"application/json": {"schema": {
                "type": "object", "properties": REASON}}}}),
    },
    "/api/v1/admin/countries/{code}/playbook/{task_id}": {"patch": admin_operation(
        "updatePlaybookTask", "Change a task's status, owner, due date or notes",
        admin_responses({"200": json_content(PLAYBOOK, "The tasks")}, "409"),
        parameters=[COUNTRY_CODE_PARAM, TASK_PARAM],
        requestBody={"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {
                "title": {"type": "string", "maxLength": 200},
                "status": {"type": "string", "enum": list(STATUSES)}, "stage": STAGE,
                "required": {"type": "boolean"}, "notes": {"type": "string"},
                "owner": {"type": ["string", "null"], "format": "email"},
                "due_date": {"type": ["string", "null"], "format": "date"},
                "version": {"type": "integer"}, **REASON}}}}})},
}
