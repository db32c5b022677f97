"""Admin API for comment threads: read and post on a message, resolve, list requests."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from backoffice.api.auth import api_requires
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.models import Catalog
from backoffice.comments import operations
from backoffice.comments.scopes import thread_locale
from backoffice.core.api_json import json_body, string_field
from backoffice.core.db import db
from backoffice.core.openapi import admin_operation, admin_responses, json_content
from backoffice.core.permissions import Permission

api = Blueprint("comments", __name__)


@api.route("/catalogs/messages/<int:message_id>/comments", methods=["GET", "POST"])
@api_requires(Permission.CATALOGS_READ, scope=catalog_scopes.message_locale(),
              write=Permission.CATALOGS_COMMENT)
def comments(message_id: int) -> ResponseReturnValue:
    """GET: the message's threads. POST: a comment on its open thread."""
    message = catalogs.get_message(message_id)
    if request.method == "GET":
        return jsonify(threads=[operations.thread_json(t) for t in operations.threads(message)])
    catalog = db.session.get(Catalog, message.catalog_id)
    assert catalog is not None  # the message's catalog (a foreign key)
    body = json_body()
    comment = operations.add_comment(
        message, catalog, string_field(body, "body", max_length=operations.MAX_BODY) or "",
        actor=current_user,
        kind=string_field(body, "kind", required=False, max_length=16) or "question")
    return jsonify(operations.thread_json(operations.get_thread(comment.thread_id))), 201


@api.route("/comment-threads/<int:thread_id>/resolve", methods=["POST"])
@api_requires(Permission.CATALOGS_COMMENT, scope=thread_locale())
def thread_resolve(thread_id: int) -> ResponseReturnValue:
    thread = operations.resolve(operations.get_thread(thread_id), actor=current_user)
    return jsonify(operations.thread_json(thread))


@api.route("/comment-requests")
@api_requires(Permission.CATALOGS_MANAGE)
def requests_list() -> ResponseReturnValue:
    return jsonify(requests=[operations.thread_json(t) for t, _m in operations.requests()])


STRING = {"type": "string"}
OPENAPI_SCHEMAS: dict[str, Any] = {"CommentThread": {
    "type": "object",
    "required": ["id", "message", "locale", "domain", "kind", "created_at", "resolved_at",
                 "comments"],
    "properties": {
        "id": {"type": "integer"}, "message": {"type": "integer"}, "locale": STRING,
        "domain": STRING, "kind": {"enum": list(operations.KINDS)}, "created_at": STRING,
        "resolved_at": {"type": ["string", "null"]},
        "comments": {"type": "array", "items": {
            "type": "object", "required": ["id", "author", "body", "created_at"],
            "properties": {"id": {"type": "integer"}, "author": {"type": ["string", "null"]},
                           "body": STRING, "created_at": STRING}}},
    },
}}
THREAD = {"$ref": "#/components/schemas/CommentThread"}
THREADS = {"type": "array", "items": THREAD}
ID_RANGE = {"type": "integer", "minimum": 1, "maximum": 2_000_000_000}
MESSAGE_ID = {"name": "message_id", "in": "path", "required": True, "schema": ID_RANGE}
THREAD_ID = {"name": "thread_id", "in": "path", "required": True, "schema": ID_RANGE}
OPENAPI_PATHS = {
    "/api/v1/admin/catalogs/messages/{message_id}/comments": {
        "get": admin_operation(
            "listComments", "The message's threads, the open one first",
            admin_responses({"200": json_content({
                "type": "object", "required": ["threads"], "properties": {"threads": THREADS}},
                "The threads")}), parameters=[MESSAGE_ID]),
        "post": admin_operation(
            "addComment", "Comment on the message (mention people with @e-mail); kind "
            "'context' or 'problem' asks the launch manager and product owner",
            admin_responses({"201": json_content(THREAD, "The thread")}),
            parameters=[MESSAGE_ID],
            requestBody={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["body"],
                "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 4000},
                               "kind": {"enum": list(operations.KINDS)}}}}}}),
    },
    "/api/v1/admin/comment-threads/{thread_id}/resolve": {"post": admin_operation(
        "resolveCommentThread", "Resolve a thread (it stays in the history)",
        admin_responses({"200": json_content(THREAD, "The thread")}),
        parameters=[THREAD_ID])},
    "/api/v1/admin/comment-requests": {"get": admin_operation(
        "listContextRequests", "Open requests for context and reports of a wrong source",
        admin_responses({"200": json_content({
            "type": "object", "required": ["requests"], "properties": {"requests": THREADS}},
            "The requests")}))},
}
