"""The admin API: automation acting with a bearer token's user, role and scopes.

Views stay thin: parse JSON, call the same operations as the console, answer JSON. Errors
come back as ``{"error": ...}`` with 400/401/403/404/409, never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.audit import operations as audit
from backoffice.core.arguments import date_arg, int_arg
from backoffice.core.errors import OperationError
from backoffice.core.json_body import JSONBodyError, request_json
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.countries.state import state_of
from backoffice.launch import operations as launch
from backoffice.launch.gates import Gate, GateContext, blocking, readiness, risks

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")

MAX_PAGE = 500
MAX_OFFSET = 10_000_000  # far beyond any real log; keeps the number within SQL integers


class BadRequest(OperationError):
    pass


class BodyTooLarge(BadRequest):
    status_code = 413


def json_body() -> dict[str, Any]:
    try:
        body = request_json()
    except JSONBodyError as error:
        raise (BodyTooLarge if error.status == 413 else BadRequest)(error.message) from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


def string_field(body: dict[str, Any], name: str, *, required: bool = True,
                 max_length: int = 500) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadRequest(f'"{name}" must be a non-empty string.', name)
    if len(value) > max_length:
        raise BadRequest(f'"{name}" is longer than {max_length} characters.', name)
    return value


def gate_json(gate: Gate) -> dict[str, Any]:
    return {"id": gate.id, "passed": gate.passed, "severity": gate.severity,
            "message": gate.message}


@bp.errorhandler(OperationError)
def _operation_error(error: OperationError):  # type: ignore[no-untyped-def]
    payload: dict[str, Any] = {"error": error.message, "status": error.status_code}
    if error.field:
        payload["field"] = error.field
    gates = getattr(error, "gates", None)
    if gates is not None:
        payload["failing_gates"] = [gate_json(g) for g in blocking(gates)]
    return jsonify(payload), error.status_code


@bp.route("/countries/<code>/readiness")
@api_requires(Permission.COUNTRIES_READ)
def country_readiness(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    ctx = GateContext.load([country])
    state = ctx.states[country.code]
    at_risk = risks([country], ctx).get(country.code, [])
    return jsonify(
        country=country.code,
        stage=state.public_stage,
        launch_stage=state.stage,
        payment=state.payment,
        at_risk=[gate_json(g) for g in at_risk],
        next_stage=launch.next_stage(state),
        possible_moves=launch.possible_moves(state),
        gates={stage: [gate_json(g) for g in gates] for stage, gates in
               readiness(country, ctx).items()},
    )


@bp.route("/countries/<code>/transitions", methods=["POST"])
@api_requires(Permission.LAUNCH_TRANSITION, scope=country_arg())
def country_transition(code: str):  # type: ignore[no-untyped-def]
    country = get_country(code)
    body = json_body()
    change = launch.move(
        country,
        string_field(body, "stage", max_length=20) or "",
        reason=string_field(body, "reason"),
        at_local=string_field(body, "at", required=False, max_length=16),
        actor=current_user._get_current_object(),
    )
    return jsonify(
        country=country.code, from_stage=change.from_stage, to_stage=change.to_stage,
        status=change.status, effective_at=change.effective_at.isoformat(),
        stage=state_of(country).public_stage,
    ), 201 if change.status == "scheduled" else 200


@bp.route("/audit-events")
@api_requires(Permission.AUDIT_READ)
def audit_events():  # type: ignore[no-untyped-def]
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


# The domain endpoints register themselves on this blueprint.
from backoffice.api import admin_catalogs, admin_domains  # noqa: E402, F401
