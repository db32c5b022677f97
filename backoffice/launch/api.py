"""The admin API of the launch pipeline: a country's readiness (every gate, whether it is
at risk) and its stage moves."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import json_body, string_field
from backoffice.core.gates import gate_json
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    DATE_TIME,
    NULLABLE_STRING,
    STRING,
    STRINGS,
    admin_json,
    admin_operation,
    admin_responses,
    json_content,
    obj,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.countries.state import state_of
from backoffice.launch import operations as launch
from backoffice.launch.gates import GateContext, readiness, risks

api = Blueprint("launch", __name__)


@api.route("/countries/<code>/readiness")
@api_requires(Permission.COUNTRIES_READ)
def country_readiness(code: str) -> ResponseReturnValue:
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


@api.route("/countries/<code>/transitions", methods=["POST"])
@api_requires(Permission.LAUNCH_TRANSITION, scope=country_arg())
def country_transition(code: str) -> ResponseReturnValue:
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


GATES = {"type": "array", "items": {"$ref": "#/components/schemas/Gate"}}
OPENAPI_SCHEMAS = {"Readiness": obj({
    "country": STRING, "stage": STRING, "launch_stage": STRING, "payment": STRING,
    "at_risk": GATES, "next_stage": NULLABLE_STRING, "possible_moves": STRINGS,
    "gates": {"type": "object", "additionalProperties": GATES},
})}
MOVE = obj({"country": STRING, "from_stage": STRING, "to_stage": STRING, "status": STRING,
            "effective_at": DATE_TIME, "stage": STRING})
OPENAPI_PATHS = {
    "/api/v1/admin/countries/{code}/readiness": {"get": admin_json(
        "getReadiness", "Every launch gate of the country, with pass/fail and why",
        {"$ref": "#/components/schemas/Readiness"}, description="The gates",
        params=[COUNTRY_CODE_PARAM])},
    "/api/v1/admin/countries/{code}/transitions": {"post": admin_operation(
        "moveCountry", "Move the country to a stage now, or at a local time",
        admin_responses({"200": json_content(MOVE, "Moved"),
                         "201": json_content(MOVE, "Scheduled")}, "409"),
        parameters=[COUNTRY_CODE_PARAM],
        requestBody=request_body({
            "stage": {"type": "string",
                      "enum": ["planned", "translating", "live", "paused", "payments_live"]},
            "reason": {"type": "string", "minLength": 1, "maxLength": 500},
            "at": {"type": "string", "description": "YYYY-MM-DDTHH:MM, local time"},
        }, ["stage", "reason"]))},
}
