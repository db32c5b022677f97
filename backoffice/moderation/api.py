"""Admin API: the moderation roster and each country's need and coverage."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, int_field, json_body, string_field
from backoffice.core.openapi import (
    COUNTRY_CODE_PARAM,
    admin_operation,
    admin_responses,
    json_content,
)
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.moderation import coverage, operations

api = Blueprint("moderation", __name__)


def moderator_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, **operations.moderator_state(row)}


def _input(body: dict[str, Any], row: Any = None) -> operations.ModeratorInput:
    current = operations.moderator_state(row) if row is not None else {}

    def pick(name: str, default: Any) -> Any:
        return body[name] if name in body else current.get(name, default)

    languages = pick("languages", [])
    if not isinstance(languages, list) or not all(isinstance(v, str) for v in languages):
        raise BadRequest('"languages" must be a list of language codes.', "languages")
    for name in ("weekly_hours", "shift_start", "shift_end"):
        if name in body:
            int_field(body, name, required=True)
    if "name" in body or row is None:
        string_field(body, "name", max_length=120)
    if not isinstance(pick("timezone", ""), str):
        raise BadRequest('"timezone" must be a string.', "timezone")
    return operations.ModeratorInput(
        name=pick("name", ""), kind=pick("kind", "person"), languages=languages,
        weekly_hours=pick("weekly_hours", 0), timezone=pick("timezone", ""),
        shift_start=pick("shift_start", 9), shift_end=pick("shift_end", 18),
        notes=pick("notes", "") if isinstance(pick("notes", ""), str) else "",
        active=bool(pick("active", True)))


@api.route("/moderation/moderators")
@api_requires(Permission.COUNTRIES_READ)
def moderators() -> ResponseReturnValue:
    return jsonify({"moderators": [moderator_json(m) for m in operations.roster()]})


@api.route("/moderation/moderators", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add_moderator() -> ResponseReturnValue:
    body = json_body()
    row = operations.save_moderator(None, _input(body), actor=current_user._get_current_object(),
                                    reason=string_field(body, "reason", required=False))
    return jsonify(moderator_json(row)), 201


@api.route("/moderation/moderators/<int:moderator_id>", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def update_moderator(moderator_id: int) -> ResponseReturnValue:
    row = operations.get_moderator(moderator_id)
    body = json_body()
    expected = int_field(body, "version")
    row = operations.save_moderator(row, _input(body, row), expected_version=expected,
                                    actor=current_user._get_current_object(),
                                    reason=string_field(body, "reason", required=False))
    return jsonify(moderator_json(row))


def country_json(country: Any) -> dict[str, Any]:
    """The need and the coverage by locale: figures, never names."""
    roster = coverage.load()
    return {"country": country.code,
            "need": operations.need_state(roster.needs.get(country.code)),
            "coverage": [{**item.as_json(), "sentence": coverage.sentence(item)}
                         for item in coverage.coverage_of(country, roster)]}


@api.route("/countries/<code>/moderation")
@api_requires(Permission.COUNTRIES_READ)
def country(code: str) -> ResponseReturnValue:
    return jsonify(country_json(get_country(code)))


@api.route("/countries/<code>/moderation", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def set_need(code: str) -> ResponseReturnValue:
    country = get_country(code)
    body = json_body()
    ratio = body.get("hours_per_thousand")
    if isinstance(ratio, bool) or not isinstance(ratio, int | float | str):
        raise BadRequest('"hours_per_thousand" must be a number.', "hours_per_thousand")
    severity = string_field(body, "severity", required=False, max_length=8) or "warning"
    operations.set_need(
        country, expected_load=int_field(body, "expected_load", required=True) or 0,
        hours_per_thousand=ratio, severity=severity,
        load_label=string_field(body, "load_label", required=False, max_length=60),
        actor=current_user._get_current_object(),
        reason=string_field(body, "reason", required=False))
    return jsonify(country_json(country))


MODERATOR_FIELDS = {
    "name": {"type": "string", "maxLength": 120},
    "kind": {"type": "string", "enum": ["person", "team"]},
    "languages": {"type": "array", "items": {"type": "string"}, "maxItems": 12},
    "weekly_hours": {"type": "integer", "minimum": 0, "maximum": 1000},
    "timezone": {"type": "string"},
    "shift_start": {"type": "integer", "minimum": 0, "maximum": 23},
    "shift_end": {"type": "integer", "minimum": 1, "maximum": 24},
    "active": {"type": "boolean"}, "notes": {"type": "string"},
}
OPENAPI_SCHEMAS = {
    "Moderator": {
        "type": "object", "required": ["id", "version", "name", "languages", "weekly_hours",
                                       "timezone"],
        "properties": {"id": {"type": "integer"}, "version": {"type": "integer"},
                       **MODERATOR_FIELDS},
    },
    "ModerationCoverage": {
        "type": "object", "required": ["country", "need", "coverage"],
        "properties": {
            "country": {"type": "string"},
            "need": {"type": ["object", "null"], "properties": {
                "load_label": {"type": "string"}, "expected_load": {"type": "integer"},
                "hours_per_thousand": {"type": "string"},
                "severity": {"type": "string", "enum": ["warning", "error"]},
                "hours_needed": {"type": "number"}}},
            "coverage": {"type": "array", "items": {"type": "object", "properties": {
                "locale": {"type": "string"}, "language": {"type": "string"},
                "moderators": {"type": "integer"}, "weekly_hours": {"type": "number"},
                "needed_hours": {"type": "number"}, "percent": {"type": "integer"},
                "evenings_covered": {"type": "boolean"}, "passed": {"type": "boolean"},
                "sentence": {"type": "string"}}}},
        },
    },
}
MODERATOR = {"$ref": "#/components/schemas/Moderator"}
COVERAGE = {"$ref": "#/components/schemas/ModerationCoverage"}
MODERATOR_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "properties": {**MODERATOR_FIELDS, "version": {"type": "integer"},
                                     "reason": {"type": "string", "maxLength": 500}}}}}}
OPENAPI_PATHS = {
    "/api/v1/admin/moderation/moderators": {
        "get": admin_operation(
            "listModerators", "The moderation roster (teams and people)",
            admin_responses({"200": json_content({"type": "object", "properties": {
                "moderators": {"type": "array", "items": MODERATOR}}}, "The roster")})),
        "post": admin_operation(
            "addModerator", "Add a team or person to the roster",
            admin_responses({"201": json_content(MODERATOR, "The new entry")}),
            requestBody=MODERATOR_BODY),
    },
    "/api/v1/admin/moderation/moderators/{moderator_id}": {"put": admin_operation(
        "updateModerator", "Change a roster entry (409 if its version moved on)",
        admin_responses({"200": json_content(MODERATOR, "The entry")}, "409"),
        parameters=[{"name": "moderator_id", "in": "path", "required": True,
                     "schema": {"type": "integer"}}],
        requestBody=MODERATOR_BODY)},
    "/api/v1/admin/countries/{code}/moderation": {
        "get": admin_operation(
            "getModeration", "The country's moderation need and coverage by locale",
            admin_responses({"200": json_content(COVERAGE, "The coverage")}),
            parameters=[COUNTRY_CODE_PARAM]),
        "put": admin_operation(
            "setModerationNeed", "Set the expected load, the ratio and the gate's severity",
            admin_responses({"200": json_content(COVERAGE, "The coverage")}),
            parameters=[COUNTRY_CODE_PARAM],
            requestBody={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["expected_load", "hours_per_thousand"],
                "properties": {
                    "expected_load": {"type": "integer", "minimum": 0},
                    "hours_per_thousand": {"type": ["number", "string"]},
                    "severity": {"type": "string", "enum": ["warning", "error"]},
                    "load_label": {"type": "string", "maxLength": 60},
                    "reason": {"type": "string", "maxLength": 500}}}}}}),
    },
}
