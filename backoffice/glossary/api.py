"""Admin API for glossaries: read a language's terms, add or change one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission
from backoffice.glossary import operations
from backoffice.glossary.editor import term_json
from backoffice.glossary.scopes import language_locales

api = Blueprint("glossary", __name__)


@api.route("/glossary/<language>/terms")
@api_requires(Permission.CATALOGS_READ)
def terms_list(language: str) -> ResponseReturnValue:
    language = operations.validate_language(language)
    return jsonify(language=language, terms=[term_json(t) for t in operations.terms(language)])


@api.route("/glossary/<language>/terms", methods=["PUT"])
@api_requires(Permission.GLOSSARY_WRITE, scope=language_locales())
def term_save(language: str) -> ResponseReturnValue:
    body = json_body()
    dnt = body.get("do_not_translate", False)
    if not isinstance(dnt, bool):
        raise BadRequest('"do_not_translate" must be true or false.', "do_not_translate")
    data = operations.TermData(
        source=string_field(body, "source", max_length=operations.MAX_TERM) or "",
        translation=string_field(body, "translation", required=False,
                                 max_length=operations.MAX_TERM) or "",
        part_of_speech=string_field(body, "part_of_speech", required=False,
                                    max_length=40) or "",
        note=string_field(body, "note", required=False, max_length=operations.MAX_NOTE) or "",
        do_not_translate=dnt)
    return jsonify(term_json(operations.save_term(language, data, actor=current_user)))


STRING = {"type": "string"}
OPENAPI_SCHEMAS: dict[str, Any] = {"GlossaryTerm": {
    "type": "object",
    "required": ["id", "language", "source", "translation", "part_of_speech", "note",
                 "do_not_translate"],
    "properties": {"id": {"type": "integer"}, "language": STRING, "source": STRING,
                   "translation": STRING, "part_of_speech": STRING, "note": STRING,
                   "do_not_translate": {"type": "boolean"}},
}}
TERM = {"$ref": "#/components/schemas/GlossaryTerm"}
LANGUAGE = {"name": "language", "in": "path", "required": True,
            "schema": {"type": "string"}, "description": "a language code such as fr"}
OPENAPI_PATHS = {"/api/v1/admin/glossary/{language}/terms": {
    "get": admin_operation(
        "listGlossaryTerms", "A language's glossary",
        admin_responses({"200": json_content({
            "type": "object", "required": ["language", "terms"],
            "properties": {"language": STRING, "terms": {"type": "array", "items": TERM}}},
            "The terms")}), parameters=[LANGUAGE]),
    "put": admin_operation(
        "saveGlossaryTerm", "Add a term, or change the term with the same source",
        admin_responses({"200": json_content(TERM, "The term as stored")}),
        parameters=[LANGUAGE],
        requestBody={"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["source"],
            "properties": {"source": {"type": "string", "minLength": 1, "maxLength": 200},
                           "translation": {"type": "string", "maxLength": 200},
                           "part_of_speech": {"enum": list(operations.PARTS_OF_SPEECH)},
                           "note": {"type": "string", "maxLength": 2000},
                           "do_not_translate": {"type": "boolean"}}}}}}),
}}
