"""Admin API: concordance search and matches in the translation memory."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.catalogs import operations as catalog_ops
from backoffice.core.errors import OperationError
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission
from backoffice.countries.scopes import locale_arg
from backoffice.memory import drafts, lookup, text

api = Blueprint("memory", __name__)
MAX_LIMIT = 100


def _arg(name: str, max_length: int, *, required: bool = False) -> str:
    value = request.args.get(name, "")
    if len(value) > max_length or "\x00" in value:
        raise OperationError(_("%(name)s is too long.", name=name), name)
    if required and not value.strip():
        raise OperationError(_("%(name)s is required.", name=name), name)
    return value.strip()


def _limit(default: int) -> int:
    raw = request.args.get("limit", "")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise OperationError(_("limit must be a number from 1 to %(max)s.", max=MAX_LIMIT),
                             "limit")
    return int(raw)


def unit_json(unit: Any) -> dict[str, Any]:
    return {"id": unit.id, "source": unit.source, "target": unit.target,
            "translations": list(unit.translations), "language": unit.language,
            "locale": unit.locale_code, "domain": unit.domain, "origin": unit.origin,
            "origin_name": unit.origin_name}


@api.route("/memory/search")
@api_requires(Permission.CATALOGS_READ)
def memory_search() -> ResponseReturnValue:
    field = _arg("in", 10) or "both"
    if field not in ("both", "source", "target"):
        raise OperationError(_("in must be source, target or both."), "in")
    search = lookup.Concordance(query=_arg("q", 200, required=True), field=field,
                                language=_arg("language", 16), locale=_arg("locale", 35),
                                domain=_arg("domain", 64))
    units = lookup.concordance(search, limit=_limit(50))
    return jsonify(units=[unit_json(u) for u in units])


@api.route("/memory/matches")
@api_requires(Permission.CATALOGS_READ)
def memory_matches() -> ResponseReturnValue:
    language = text.language_of(_arg("language", 35, required=True))
    if not language:
        raise OperationError(_("language is required."), "language")
    matches = lookup.lookup(language, _arg("source", 2000, required=True), limit=_limit(5))
    return jsonify(matches=[m.as_json() for m in matches])


@api.route("/catalogs/<domain>/<locale>/prefill", methods=["POST"])
@api_requires(Permission.CATALOGS_MANAGE, scope=locale_arg())
def catalog_prefill(domain: str, locale: str) -> ResponseReturnValue:
    catalog = catalog_ops.get_catalog(domain, locale)
    result = drafts.prefill(catalog, actor=current_user)
    return jsonify(batch=result.batch.id, drafts=result.batch.changed_count,
                   from_memory=result.from_memory, from_machine=result.from_machine,
                   left=result.left)


STRING = {"type": "string"}
OPENAPI_SCHEMAS = {
    "MemoryUnit": {
        "type": "object",
        "required": ["id", "source", "target", "translations", "language", "locale",
                     "domain", "origin", "origin_name"],
        "properties": {
            "id": {"type": "integer"}, "source": STRING, "target": STRING,
            "translations": {"type": "array", "items": STRING}, "language": STRING,
            "locale": STRING, "domain": STRING, "origin": {"enum": ["catalog", "tmx"]},
            "origin_name": STRING,
        },
    },
    "MemoryMatch": {
        "type": "object",
        "required": ["id", "source", "target", "translations", "score", "exact", "language",
                     "locale", "domain", "origin", "origin_name"],
        "properties": {
            "id": {"type": "integer"}, "source": STRING, "target": STRING,
            "translations": {"type": "array", "items": STRING},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "exact": {"type": "boolean"}, "language": STRING, "locale": STRING,
            "domain": STRING, "origin": {"enum": ["catalog", "tmx"]}, "origin_name": STRING,
        },
    },
}


def _query(name: str, description: str, *, required: bool = False, max_length: int = 200
           ) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": {"type": "string", "maxLength": max_length,
                       **({"minLength": 1, "pattern": r"\S"} if required else {})}}


LIMIT = {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}}

OPENAPI_PATHS = {
    "/api/v1/admin/memory/search": {"get": admin_operation(
        "searchMemory", "Concordance: memory units whose source or translation holds a text",
        admin_responses({"200": json_content({
            "type": "object", "required": ["units"], "properties": {"units": {
                "type": "array", "items": {"$ref": "#/components/schemas/MemoryUnit"}}}},
            "The units found")}),
        parameters=[
            _query("q", "The text searched", required=True),
            {"name": "in", "in": "query", "required": False,
             "schema": {"enum": ["both", "source", "target"]}},
            _query("language", "A language (fr) or locale (fr_BE)", max_length=16),
            _query("locale", "Only units of this locale", max_length=35),
            _query("domain", "Only units of this domain", max_length=64),
            LIMIT,
        ])},
    "/api/v1/admin/memory/matches": {"get": admin_operation(
        "memoryMatches", "Exact and fuzzy matches of a source text in a language's memory",
        admin_responses({"200": json_content({
            "type": "object", "required": ["matches"], "properties": {"matches": {
                "type": "array", "items": {"$ref": "#/components/schemas/MemoryMatch"}}}},
            "The best matches, exact first")}),
        parameters=[
            _query("language", "The target language (fr) or locale (fr_BE)", required=True,
                   max_length=35),
            _query("source", "The source text", required=True, max_length=2000),
            LIMIT,
        ])},
    "/api/v1/admin/catalogs/{domain}/{locale}/prefill": {"post": admin_operation(
        "prefillCatalog", "Draft every untranslated message: memory first, then machine; "
        "one batch, reverted through the imports",
        admin_responses({"200": json_content({
            "type": "object", "required": ["batch", "drafts", "from_memory", "from_machine",
                                           "left"],
            "properties": {"batch": {"type": "integer"}, "drafts": {"type": "integer"},
                           "from_memory": {"type": "integer"},
                           "from_machine": {"type": "integer"}, "left": {"type": "integer"}}},
            "The batch of drafts")}, "409"),
        parameters=[
            {"name": "domain", "in": "path", "required": True, "schema": STRING},
            {"name": "locale", "in": "path", "required": True, "schema": STRING},
        ])},
}
