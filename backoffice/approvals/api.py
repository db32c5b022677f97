"""Admin API: what waits for the token user's approval; refuse and withdraw."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.approvals import operations
from backoffice.core.api_json import json_body, string_field
from backoffice.core.gates import gate_json
from backoffice.core.openapi import (
    GATE,
    admin_operation,
    admin_responses,
    json_content,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.payments import changes
from backoffice.payments.scopes import change_country

api = Blueprint("approvals", __name__)


def waiting_json(item: operations.Waiting) -> dict[str, Any]:
    change = item.change
    return {
        "id": change.id, "country": item.country.code, "status": change.status,
        "requested_by": change.requested_by.email,
        "requested_at": change.requested_at.isoformat(), "reason": change.reason,
        "effective_at": change.effective_at.isoformat() if change.effective_at else None,
        "connector": item.link.connector.name if item.link else None,
        "methods": list(item.link.methods) if item.link else [],
        "gates": [gate_json(gate) for gate in item.gates],
        "blocked": bool(item.blocking),
    }


def _decided(change: Any) -> dict[str, Any]:
    return {"id": change.id, "country": change.country_code, "status": change.status,
            "note": change.decision_note}


@api.route("/approvals")
@api_requires(Permission.PAYMENTS_READ)
def approvals_list() -> ResponseReturnValue:
    user = current_user._get_current_object()
    return jsonify(waiting=[waiting_json(i) for i in operations.waiting_for(user)],
                   requested=[waiting_json(i) for i in operations.requested_by(user)])


@api.route("/payment-requests/<int:change_id>/reject", methods=["POST"])
@api_requires(Permission.PAYMENTS_APPROVE, scope=change_country())
def payment_reject(change_id: int) -> ResponseReturnValue:
    change = changes.reject_change(changes.get_change(change_id), current_user,
                                   note=string_field(json_body(), "note") or "")
    return jsonify(_decided(change))


@api.route("/payment-requests/<int:change_id>/withdraw", methods=["POST"])
@api_requires(Permission.PAYMENTS_REQUEST, scope=change_country())
def payment_withdraw(change_id: int) -> ResponseReturnValue:
    change = changes.withdraw_request(
        changes.get_change(change_id), current_user,
        reason=string_field(json_body(), "reason", required=False) or "")
    return jsonify(_decided(change))


STRING = {"type": "string"}
OPENAPI_SCHEMAS = {"WaitingChange": {
    "type": "object",
    "required": ["id", "country", "status", "requested_by", "requested_at", "reason",
                 "methods", "gates", "blocked"],
    "properties": {
        "id": {"type": "integer"}, "country": STRING, "status": STRING,
        "requested_by": STRING, "requested_at": {"type": "string", "format": "date-time"},
        "reason": STRING, "effective_at": {"type": ["string", "null"]},
        "connector": {"type": ["string", "null"]},
        "methods": {"type": "array", "items": STRING},
        "gates": {"type": "array", "items": GATE}, "blocked": {"type": "boolean"},
    },
}}
WAITING = {"type": "array", "items": {"$ref": "#/components/schemas/WaitingChange"}}
DECIDED = {"type": "object", "required": ["id", "country", "status"], "properties": {
    "id": {"type": "integer"}, "country": STRING, "status": STRING,
    "note": {"type": ["string", "null"]}}}
CHANGE_ID = {"name": "change_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}


OPENAPI_PATHS = {
    "/api/v1/admin/approvals": {"get": admin_operation(
        "listApprovals", "Changes waiting for the token user's approval, and their own",
        admin_responses({"200": json_content({
            "type": "object", "required": ["waiting", "requested"],
            "properties": {"waiting": WAITING, "requested": WAITING}}, "The changes")}))},
    "/api/v1/admin/payment-requests/{change_id}/reject": {"post": admin_operation(
        "rejectPayments", "Refuse a pending request, with a reason",
        admin_responses({"200": json_content(DECIDED, "Refused")}, "409"),
        parameters=[CHANGE_ID],
        requestBody=request_body({"note": {"type": "string", "minLength": 1, "maxLength": 500}},
                          ["note"]))},
    "/api/v1/admin/payment-requests/{change_id}/withdraw": {"post": admin_operation(
        "withdrawPayments", "The requester withdraws a pending request",
        admin_responses({"200": json_content(DECIDED, "Withdrawn")}, "409"),
        parameters=[CHANGE_ID],
        requestBody=request_body({"reason": {"type": "string", "maxLength": 500}}, []))},
}
