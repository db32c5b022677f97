"""Admin API for catalogs: what product CI and translation tooling automate.

Product CI pushes a new template (``POST .../catalogs/{domain}/template``) and pulls the
catalogs back (``GET .../catalogs/{domain}/{locale}/export``); tools import files and save
single translations with the same conflict rules as the editor.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, jsonify, request
from flask_login import current_user

from backoffice.api.admin import BadRequest, ScopeError, bp, json_body
from backoffice.api.auth import api_requires
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from backoffice.core.db import db
from backoffice.core.files import write_atomically
from backoffice.core.permissions import Permission

PO_MIMETYPE = "text/x-gettext-translation"


def _domain(domain: str) -> str:
    if not domain or len(domain) > 64 or not domain.replace("_", "").replace("-", "").isalnum():
        raise BadRequest("A domain is a plain name such as app.", "domain")
    return domain


def _file_body() -> bytes:
    data = request.get_data(cache=False)
    if not data:
        raise BadRequest("Send the file as the request body.", "body")
    return data


def _in_scope(locale: str) -> None:
    if not current_user.can_work_on_locale(locale):
        raise ScopeError(f"This token's user does not work on {locale}.")


@bp.route("/catalogs/<domain>/template", methods=["POST"])
@api_requires(Permission.CATALOGS_MANAGE)
def push_template(domain: str):  # type: ignore[no-untyped-def]
    """Store ``locales/<domain>.pot`` and update every catalog of the domain from it."""
    domain = _domain(domain)
    data = _file_body()
    results = {}
    for catalog in catalogs.list_catalogs():
        if catalog.domain == domain:
            outcome = catalogs.update_from_template(catalog, data, actor=current_user,
                                                    filename=f"{domain}.pot")
            results[catalog.locale_code] = {"added": outcome.added, "fuzzy": outcome.fuzzy,
                                            "obsoleted": outcome.obsoleted,
                                            "kept": outcome.kept,
                                            "converted_from": outcome.converted_from}
    if not results:
        catalogs.parse_file(data, f"{domain}.pot")  # still refuse a broken template
    write_atomically(Path(current_app.config["LOCALES_DIR"]) / f"{domain}.pot", data)
    return jsonify(domain=domain, catalogs=results)


@bp.route("/catalogs/<domain>/<locale>/import", methods=["POST"])
@api_requires(Permission.CATALOGS_MANAGE)
def import_catalog(domain: str, locale: str):  # type: ignore[no-untyped-def]
    mode = request.args.get("mode", "fill")
    result = catalogs.import_file(_domain(domain), locale, _file_body(), mode=mode,
                                  filename=request.args.get("filename", ""), actor=current_user)
    return jsonify(catalog=f"{result.catalog.domain}/{result.catalog.locale_code}",
                   batch=result.batch.id, created=result.created, changed=result.changed,
                   skipped=result.skipped, unknown=result.unknown, warnings=result.messages)


@bp.route("/catalogs/<domain>/<locale>/export")
@api_requires(Permission.CATALOGS_READ)
def export_catalog(domain: str, locale: str):  # type: ignore[no-untyped-def]
    catalog = catalogs.get_catalog(_domain(domain), locale)
    flatten = request.args.get("flatten", "") in ("1", "true", "yes")
    return Response(catalogs.export_bytes(catalog, flatten=flatten), mimetype=PO_MIMETYPE)


@bp.route("/catalogs/messages/<int:message_id>", methods=["PUT"])
@api_requires(Permission.CATALOGS_TRANSLATE)
def save_message(message_id: int):  # type: ignore[no-untyped-def]
    message = catalogs.get_message(message_id)
    catalog = db.session.get(Catalog, message.catalog_id)
    _in_scope(catalog.locale_code)
    body = json_body()
    forms, version = body.get("translations"), body.get("version")
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms) or not (
        isinstance(version, int) and not isinstance(version, bool)
    ):
        raise BadRequest("Send translations (a list of strings) and the version you edited.")
    try:
        result = catalogs.save_translation(message, forms, version=version, actor=current_user,
                                           catalog=catalog)
    except catalogs.TranslationConflict as conflict:
        return jsonify(error=conflict.message, status=409, yours=conflict.yours,
                       current={"translations": list(conflict.current.translations),
                                "version": conflict.current.version,
                                "state": conflict.current.state}), 409
    return jsonify(id=message.id, version=message.version, state=message.state,
                   saved=result.saved, translations=list(message.translations),
                   findings=message.findings or [])
