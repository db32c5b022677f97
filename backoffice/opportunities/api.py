"""Admin API: candidate countries, their indicators, the weights, and opening a country."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, int_field, json_body, string_field
from backoffice.core.arguments import parse_date
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import UNSCOPED, Permission
from backoffice.countries.scopes import country_arg
from backoffice.opportunities import operations
from backoffice.opportunities.knowledge import Product
from backoffice.opportunities.ranking import BY_KEY, INDICATOR_KEYS, as_json, rank, weights

api = Blueprint("opportunities", __name__)


def _codes(body: dict[str, Any], name: str) -> list[str] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) \
            or len(value) > 20:
        raise BadRequest(f'"{name}" must be a list of at most 20 strings.', name)
    return value


def _one(code: str) -> dict[str, Any]:
    rows = rank(operations.candidates(), Product.load())
    return next(as_json(row) for row in rows if row.code == code)


@api.route("/opportunities")
@api_requires(Permission.COUNTRIES_READ)
def ranking() -> ResponseReturnValue:
    rows = rank(operations.candidates(), Product.load())
    return jsonify({"weights": weights(), "candidates": [as_json(row) for row in rows]})


@api.route("/opportunities", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def add() -> ResponseReturnValue:
    body = json_body()
    row = operations.save_candidate(
        None, code=string_field(body, "code", max_length=2), locales=_codes(body, "locales"),
        similar_to=_codes(body, "similar_to"),
        notes=string_field(body, "notes", required=False, max_length=5000),
        actor=current_user._get_current_object(),
        reason=string_field(body, "reason", required=False))
    return jsonify(_one(row.code)), 201


@api.route("/opportunities/<code>", methods=["PATCH"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def update(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    body = json_body()
    operations.save_candidate(
        row, locales=_codes(body, "locales"), similar_to=_codes(body, "similar_to"),
        notes=string_field(body, "notes", required=False, max_length=5000),
        expected_version=int_field(body, "version"), actor=current_user._get_current_object(),
        reason=string_field(body, "reason", required=False))
    return jsonify(_one(row.code))


@api.route("/opportunities/<code>/indicators/<key>", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def indicator(code: str, key: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    body = json_body()
    value = body.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest('"value" must be a number.', "value")
    operations.set_indicator(
        row, key, value, source=string_field(body, "source", max_length=300) or "",
        as_of=parse_date(string_field(body, "as_of", max_length=10) or "", "as_of"),
        actor=current_user._get_current_object(),
        reason=string_field(body, "reason", required=False))
    return jsonify(_one(row.code))


@api.route("/opportunities/weights", methods=["PUT"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def set_weights() -> ResponseReturnValue:
    body = json_body()
    chosen = body.get("weights")
    if not isinstance(chosen, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in chosen.values()):
        raise BadRequest('"weights" must be an object of numbers.', "weights")
    after = operations.set_weights(chosen, actor=current_user._get_current_object(),
                                   reason=string_field(body, "reason", required=False))
    return jsonify({"weights": after})


@api.route("/opportunities/<code>/payments", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=UNSCOPED)
def payments(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    operations.refresh_payments(row, actor=current_user._get_current_object())
    return jsonify(_one(row.code))


@api.route("/opportunities/<code>/country", methods=["POST"])
@api_requires(Permission.COUNTRIES_WRITE, scope=country_arg())
def create(code: str) -> ResponseReturnValue:
    row = operations.get_candidate(code)
    body = json_body() if request.get_data() else {}
    country = operations.create_country(
        row, timezone=string_field(body, "timezone", required=False, max_length=64),
        currency=string_field(body, "currency", required=False, max_length=3),
        actor=current_user._get_current_object(),
        reason=string_field(body, "reason", required=False))
    return jsonify({"country": country.code, "candidate": _one(row.code)}), 201


CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
              "description": "The candidate's ISO 3166-1 alpha-2 code"}
CODES = {"type": "array", "items": {"type": "string"}, "maxItems": 20}
REASON = {"reason": {"type": "string", "maxLength": 500}}
OPENAPI_SCHEMAS = {
    "Candidate": {
        "type": "object",
        "required": ["code", "name", "score", "locales", "indicators", "sentence"],
        "properties": {
            "code": {"type": "string"}, "name": {"type": "string"},
            "score": {"type": "number"}, "locales": CODES, "similar_to": CODES,
            "notes": {"type": "string"}, "version": {"type": "integer"},
            "indicators": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string", "enum": INDICATOR_KEYS}, "value": {"type": "number"},
                "source": {"type": "string"}, "as_of": {"type": "string", "format": "date"}}}},
            "payment_methods": {"type": "array", "items": {"type": "string"}},
            "payment_checked_at": {"type": ["string", "null"], "format": "date-time"},
            "words_to_translate": {"type": "integer"},
            "idcheck": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": "string"}}},
            "channels": {"type": "array", "items": {"type": "string"}},
            "sentence": {"type": "string"},
            "created_country": {"type": ["string", "null"]},
        },
    },
}
CANDIDATE = {"$ref": "#/components/schemas/Candidate"}
WEIGHTS = {"type": "object", "additionalProperties": {"type": "number"}}


def _body(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {**properties, **REASON}}
    if required:
        schema["required"] = required
    return {"required": bool(required), "content": {"application/json": {"schema": schema}}}


OPENAPI_PATHS = {
    "/api/v1/admin/opportunities": {
        "get": admin_operation(
            "listOpportunities", "Candidate countries ranked by the weighted criteria",
            admin_responses({"200": json_content({"type": "object", "properties": {
                "weights": WEIGHTS, "candidates": {"type": "array", "items": CANDIDATE}}},
                "The ranking")})),
        "post": admin_operation(
            "addCandidate", "Add a candidate country (locales default to CLDR's)",
            admin_responses({"201": json_content(CANDIDATE, "The candidate")}),
            requestBody=_body({"code": {"type": "string"}, "locales": CODES,
                               "similar_to": CODES, "notes": {"type": "string"}}, ["code"])),
    },
    "/api/v1/admin/opportunities/weights": {"put": admin_operation(
        "setOpportunityWeights", "Tune the weight of each criterion (0 to 100)",
        admin_responses({"200": json_content({"type": "object", "properties": {
            "weights": WEIGHTS}}, "The weights")}),
        requestBody=_body({"weights": {"type": "object", "propertyNames": {
            "enum": list(BY_KEY)}, "additionalProperties": {"type": "number"}}},
            ["weights"]))},
    "/api/v1/admin/opportunities/{code}": {"patch": admin_operation(
        "updateCandidate", "Change a candidate's locales, similar countries or notes",
        admin_responses({"200": json_content(CANDIDATE, "The candidate")}, "409"),
        parameters=[CODE_PARAM],
        requestBody=_body({"locales": CODES, "similar_to": CODES, "notes": {"type": "string"},
                           "version": {"type": "integer"}}))},
    "/api/v1/admin/opportunities/{code}/indicators/{key}": {"put": admin_operation(
        "setIndicator", "Set one indicator of a candidate, with its source and date",
        admin_responses({"200": json_content(CANDIDATE, "The candidate")}),
        parameters=[CODE_PARAM, {"name": "key", "in": "path", "required": True,
                                 "schema": {"type": "string", "enum": INDICATOR_KEYS}}],
        requestBody=_body({"value": {"type": "number"}, "source": {"type": "string"},
                           "as_of": {"type": "string", "format": "date"}},
                          ["value", "source", "as_of"]))},
    "/api/v1/admin/opportunities/{code}/payments": {"post": admin_operation(
        "checkCandidatePayments", "Ask Adyen's Management API which methods it offers there",
        admin_responses({"200": json_content(CANDIDATE, "The candidate")}),
        parameters=[CODE_PARAM])},
    "/api/v1/admin/opportunities/{code}/country": {"post": admin_operation(
        "createCountryFromCandidate", "Create the country, with its playbook, in one step",
        admin_responses({"201": json_content({"type": "object", "properties": {
            "country": {"type": "string"}, "candidate": CANDIDATE}}, "The new country")}),
        parameters=[CODE_PARAM],
        requestBody={"content": {"application/json": {"schema": {
            "type": "object", "properties": {"timezone": {"type": "string"},
                                             "currency": {"type": "string"}, **REASON}}}}})},
}
