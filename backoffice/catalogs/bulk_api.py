"""Admin API for bulk work on a catalog: preview a search-and-replace, apply review,
reject, replace or copy-from-parent to the messages a filter selects, revert a batch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.catalogs import bulk, operations
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.core.api_json import BadRequest, json_body, string_field
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission
from backoffice.countries.scopes import locale_arg

api = Blueprint("catalog_bulk", __name__)


def _filters(source: dict[str, Any]) -> operations.MessageFilter:
    state = source.get("state") or "all"
    query = source.get("q") or ""
    if not isinstance(state, str) or state not in operations.FILTERS:
        raise BadRequest(f'"state" must be one of {", ".join(operations.FILTERS)}.', "state")
    if not isinstance(query, str) or len(query) > 200:
        raise BadRequest('"q" must be a string of at most 200 characters.', "q")
    return operations.MessageFilter(state=state, query=query)


def _text(source: dict[str, Any], name: str) -> str:
    value = source.get(name) or ""
    if not isinstance(value, str) or len(value) > bulk.MAX_FIND:
        raise BadRequest(f'"{name}" must be a string of at most {bulk.MAX_FIND} characters.',
                         name)
    return value


def _change_json(change: bulk.Change) -> dict[str, Any]:
    return {"id": change.message.id, "msgid": change.message.msgid, "before": change.before,
            "after": change.after, "state": change.state.value}


@api.route("/catalogs/<domain>/<locale>/bulk/replace-preview")
@api_requires(Permission.CATALOGS_READ, scope=locale_arg())
def replace_preview(domain: str, locale: str) -> ResponseReturnValue:
    catalog = operations.get_catalog(domain, locale)
    args = request.args.to_dict()
    plan = bulk.plan(catalog, "replace", _filters(args), find=_text(args, "find"),
                     replace=_text(args, "replace"))
    return jsonify(selected=plan.selected, digest=plan.digest,
                   changes=[_change_json(c) for c in plan.changes])


def _apply(domain: str, locale: str, kind: str) -> ResponseReturnValue:
    catalog = operations.get_catalog(domain, locale)
    body = json_body()
    digest = string_field(body, "digest", required=False, max_length=64)
    record = bulk.apply(catalog, kind, _filters(body), actor=current_user,
                        comment=string_field(body, "comment", required=False,
                                             max_length=2000) or "",
                        find=_text(body, "find"), replace=_text(body, "replace"),
                        expected=digest)
    return jsonify(operation=record.id, batch=record.batch_id, kind=record.kind,
                   changed=record.changed_count, skipped=record.skipped_count)


@api.route("/catalogs/<domain>/<locale>/bulk/review", methods=["POST"])
@api_requires(bulk.PERMISSIONS["review"], scope=locale_arg())
def bulk_review(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "review")


@api.route("/catalogs/<domain>/<locale>/bulk/reject", methods=["POST"])
@api_requires(bulk.PERMISSIONS["reject"], scope=locale_arg())
def bulk_reject(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "reject")


@api.route("/catalogs/<domain>/<locale>/bulk/replace", methods=["POST"])
@api_requires(bulk.PERMISSIONS["replace"], scope=locale_arg())
def bulk_replace(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "replace")


@api.route("/catalogs/<domain>/<locale>/bulk/copy-parent", methods=["POST"])
@api_requires(bulk.PERMISSIONS["copy_parent"], scope=locale_arg())
def bulk_copy_parent(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "copy_parent")


@api.route("/catalog-bulk/<int:operation_id>/revert", methods=["POST"])
@api_requires(Permission.CATALOGS_TRANSLATE, scope=catalog_scopes.bulk_locale())
def bulk_revert(operation_id: int) -> ResponseReturnValue:
    record = bulk.get(operation_id)
    count = bulk.revert(record, actor=current_user,
                        reason=string_field(json_body(), "reason", max_length=500) or "")
    return jsonify(operation=record.id, reverted=count)


STRING = {"type": "string"}
PATH = [{"name": "domain", "in": "path", "required": True, "schema": STRING},
        {"name": "locale", "in": "path", "required": True, "schema": STRING}]
SELECTION = {"state": {"enum": list(operations.FILTERS)},
             "q": {"type": "string", "maxLength": 200}}
DONE = json_content({"type": "object",
                     "required": ["operation", "batch", "kind", "changed", "skipped"],
                     "properties": {"operation": {"type": "integer"}, "batch": {"type": "integer"},
                                    "kind": STRING, "changed": {"type": "integer"},
                                    "skipped": {"type": "integer"}}},
                    "Applied as one batch")


def _body(extra: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "properties": {**SELECTION, **extra}, "required": required}}}}


def _bulk(operation_id: str, summary: str, extra: dict[str, Any],
          required: list[str]) -> dict[str, Any]:
    return {"post": admin_operation(operation_id, summary,
                                    admin_responses({"200": DONE}, "409"),
                                    parameters=PATH, requestBody=_body(extra, required))}


FIND = {"type": "string", "minLength": 1, "maxLength": 200}
OPENAPI_PATHS = {
    "/api/v1/admin/catalogs/{domain}/{locale}/bulk/replace-preview": {"get": admin_operation(
        "previewBulkReplace", "Every change a search-and-replace would make, and its digest",
        admin_responses({"200": json_content({
            "type": "object", "required": ["selected", "digest", "changes"],
            "properties": {"selected": {"type": "integer"}, "digest": STRING,
                           "changes": {"type": "array", "items": {"type": "object"}}}},
            "The preview")}),
        parameters=[*PATH, {"name": "find", "in": "query", "required": True, "schema": FIND},
                    {"name": "replace", "in": "query", "schema": {"type": "string",
                                                                  "maxLength": 200}},
                    {"name": "state", "in": "query", "schema": SELECTION["state"]},
                    {"name": "q", "in": "query", "schema": SELECTION["q"]}])},
    "/api/v1/admin/catalogs/{domain}/{locale}/bulk/review": _bulk(
        "bulkReview", "Mark the selected translated messages reviewed", {}, []),
    "/api/v1/admin/catalogs/{domain}/{locale}/bulk/reject": _bulk(
        "bulkReject", "Send the selected translations back to draft, with a comment",
        {"comment": {"type": "string", "minLength": 1, "maxLength": 2000}}, ["comment"]),
    "/api/v1/admin/catalogs/{domain}/{locale}/bulk/replace": _bulk(
        "bulkReplace", "Search and replace in the selected translations; send the preview's "
        "digest to refuse changes made since", {"find": FIND, "replace": {
            "type": "string", "maxLength": 200}, "digest": {"type": "string", "maxLength": 64}},
        ["find"]),
    "/api/v1/admin/catalogs/{domain}/{locale}/bulk/copy-parent": _bulk(
        "bulkCopyParent", "Give the selected messages the parent locale's text as their own",
        {}, []),
    "/api/v1/admin/catalog-bulk/{operation_id}/revert": {"post": admin_operation(
        "revertBulk", "Put back every message of a bulk change, or none",
        admin_responses({"200": json_content({
            "type": "object", "required": ["operation", "reverted"],
            "properties": {"operation": {"type": "integer"}, "reverted": {"type": "integer"}}},
            "Reverted")}, "409"),
        parameters=[{"name": "operation_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}}],
        requestBody={"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["reason"],
            "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500}}}}}})},
}
