"""Admin API for catalogs: what product CI and translation tooling automate.

Product CI pushes a new template (``POST .../catalogs/{domain}/template``) and pulls the
catalogs back (``GET .../catalogs/{domain}/{locale}/export``); tools import files and save
single translations with the same conflict rules as the editor.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.catalogs import provisioning
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.domains import validate_domain
from backoffice.catalogs.operations import editing, imports, queries
from backoffice.catalogs.operations import export as catalog_export
from backoffice.catalogs.operations.imports import IMPORT_MODES
from backoffice.core.api_json import BadRequest, json_body
from backoffice.core.openapi import (
    BOOLEAN,
    INTEGER,
    NULLABLE_STRING,
    STRING,
    STRINGS,
    admin_json,
    admin_operation,
    admin_responses,
    id_param,
    json_content,
    obj,
    request_body,
)
from backoffice.core.permissions import Permission
from backoffice.countries.scopes import locale_arg

api = Blueprint("catalogs", __name__)

PO_MIMETYPE = "text/x-gettext-translation"


def _domain(domain: str) -> str:
    return validate_domain(domain)


def _file_body() -> bytes:
    data = request.get_data(cache=False)
    if not data:
        raise BadRequest("Send the file as the request body.", "body")
    return data


@api.route("/catalogs/<domain>/template", methods=["POST"])
@api_requires(Permission.CATALOGS_MANAGE, scope=catalog_scopes.domain_locales())
def push_template(domain: str) -> ResponseReturnValue:
    """Store ``locales/<domain>.pot``, update every catalog of the domain from it and give
    each locale in use the catalog it lacks."""
    outcome = provisioning.update_domain(_domain(domain), _file_body(), actor=current_user,
                                         store=True)
    return jsonify(domain=outcome.domain, created=outcome.created, catalogs={
        locale: {"added": r.added, "fuzzy": r.fuzzy, "obsoleted": r.obsoleted, "kept": r.kept,
                 "converted_from": r.converted_from}
        for locale, r in outcome.updated.items()})


@api.route("/catalogs/<domain>/<locale>/import", methods=["POST"])
@api_requires(Permission.CATALOGS_MANAGE, scope=locale_arg())
def import_catalog(domain: str, locale: str) -> ResponseReturnValue:
    mode = request.args.get("mode", "fill")
    result = imports.import_file(_domain(domain), locale, _file_body(), mode=mode,
                                  filename=request.args.get("filename", ""), actor=current_user)
    return jsonify(catalog=f"{result.catalog.domain}/{result.catalog.locale_code}",
                   batch=result.batch.id, created=result.created, changed=result.changed,
                   skipped=result.skipped, unknown=result.unknown, warnings=result.messages)


@api.route("/catalogs/<domain>/<locale>/export")
@api_requires(Permission.CATALOGS_READ, scope=locale_arg())
def export_catalog(domain: str, locale: str) -> ResponseReturnValue:
    catalog = queries.get_catalog(_domain(domain), locale)
    flatten = request.args.get("flatten", "") in ("1", "true", "yes")
    return Response(catalog_export.export_bytes(catalog, flatten=flatten), mimetype=PO_MIMETYPE)


@api.route("/catalogs/messages/<int:message_id>", methods=["PUT"])
@api_requires(Permission.CATALOGS_TRANSLATE, scope=catalog_scopes.message_locale())
def save_message(message_id: int) -> ResponseReturnValue:
    message, catalog = queries.message_and_catalog(message_id)
    body = json_body()
    forms, version = body.get("translations"), body.get("version")
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms) or not (
        isinstance(version, int) and not isinstance(version, bool)
    ):
        raise BadRequest("Send translations (a list of strings) and the version you edited.")
    try:
        result = editing.save_translation(message, forms, version=version, actor=current_user,
                                           catalog=catalog)
    except editing.TranslationConflict as conflict:
        return jsonify(error=conflict.message, status=409, yours=conflict.yours,
                       current={"translations": list(conflict.current.translations),
                                "version": conflict.current.version,
                                "state": conflict.current.state}), 409
    return jsonify(id=message.id, version=message.version, state=message.state,
                   saved=result.saved, translations=list(message.translations),
                   findings=message.findings or [])


DOMAIN_PARAM = {"name": "domain", "in": "path", "required": True, "schema": STRING,
                "description": "A product domain, such as app"}
LOCALE_PARAM = {"name": "locale", "in": "path", "required": True, "schema": STRING,
                "description": "A locale id, such as pl_PL"}
FILE_BODY = {"required": True, "description": "The file's bytes, as they are",
             "content": {"application/octet-stream": {
                 "schema": {"type": "string", "format": "binary"}}}}
FINDING = obj({"check": STRING, "severity": STRING, "message": STRING,
               "form": {"type": ["integer", "null"]}}, ["check", "severity", "message"])
SAVED = obj({"id": INTEGER, "version": INTEGER, "state": STRING, "saved": BOOLEAN,
             "translations": STRINGS, "findings": {"type": "array", "items": FINDING}})
CONFLICT = obj({"error": STRING, "status": INTEGER, "yours": STRINGS,
                "current": obj({"translations": STRINGS, "version": INTEGER,
                                "state": STRING})})
OPENAPI_PATHS = {
    "/api/v1/admin/catalogs/{domain}/template": {"post": admin_json(
        "pushTemplate", "Store the domain's template, update every catalog of the domain "
        "from it and give each locale in use the catalog it lacks",
        obj({"domain": STRING, "created": STRINGS, "catalogs": {
            "type": "object", "additionalProperties": obj({
                "added": INTEGER, "fuzzy": INTEGER, "obsoleted": INTEGER, "kept": INTEGER,
                "converted_from": NULLABLE_STRING})}}),
        description="Updated", params=[DOMAIN_PARAM], body=FILE_BODY)},
    "/api/v1/admin/catalogs/{domain}/{locale}/import": {"post": admin_json(
        "importCatalog", "Import a .po file as one batch (a new catalog takes it whole)",
        obj({"catalog": STRING, "batch": INTEGER, "created": BOOLEAN, "changed": INTEGER,
             "skipped": INTEGER, "unknown": INTEGER, "warnings": STRINGS}),
        description="Imported", body=FILE_BODY, params=[
            DOMAIN_PARAM, LOCALE_PARAM,
            {"name": "mode", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(IMPORT_MODES)}},
            {"name": "filename", "in": "query", "required": False, "schema": STRING},
        ])},
    "/api/v1/admin/catalogs/{domain}/{locale}/export": {"get": admin_operation(
        "exportCatalog", "The catalog as a .po file, byte-identical when nothing was edited",
        admin_responses({"200": {"description": "The file", "content": {
            PO_MIMETYPE: {"schema": STRING}}}}),
        parameters=[
            DOMAIN_PARAM, LOCALE_PARAM,
            {"name": "flatten", "in": "query", "required": False, "schema": STRING,
             "description": "1: a variant's missing texts filled in from its parents"},
        ])},
    "/api/v1/admin/catalogs/messages/{message_id}": {"put": admin_operation(
        "saveTranslation", "Save one message's text (give the version you edited)",
        admin_responses({"200": json_content(SAVED, "Saved (saved is false when nothing "
                                                    "changed)"),
                         "409": json_content(CONFLICT, "Someone saved it since: both texts")}),
        parameters=[id_param("message_id")],
        requestBody=request_body({"translations": STRINGS, "version": INTEGER},
                                 ["translations", "version"]))},
}
