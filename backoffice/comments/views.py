"""Comments in the console: post to a message's thread, resolve it, and the list of
requests for context the launch manager and product owner answer."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.catalogs import operations as catalogs
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.models import Catalog
from backoffice.comments import operations
from backoffice.comments.scopes import thread_locale
from backoffice.core.errors import OperationError
from backoffice.core.permissions import Permission, requires

bp = Blueprint("comments", __name__, url_prefix="/comments", template_folder="templates")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _back(catalog: Catalog, message_id: int) -> ResponseReturnValue:
    return redirect(url_for("catalogs.editor", domain=catalog.domain, locale=catalog.locale_code,
                            m=message_id, _anchor=f"m{message_id}"))


@bp.route("/messages/<int:message_id>", methods=["POST"])
@requires(Permission.CATALOGS_COMMENT, scope=catalog_scopes.message_locale())
def add(message_id: int) -> ResponseReturnValue:
    message, catalog = catalogs.message_and_catalog(message_id)
    try:
        comment = operations.add_comment(message, catalog, request.form.get("body", ""),
                                         actor=current_user,
                                         kind=request.form.get("kind", "question"))
    except OperationError as error:
        if _wants_json():
            return jsonify(error=error.message, field=error.field), error.status_code
        flash(error.message, "error")
        return _back(catalog, message.id)
    if _wants_json():
        return jsonify(operations.thread_json(operations.get_thread(comment.thread_id))), 201
    flash(_("Comment added."), "success")
    return _back(catalog, message.id)


@bp.route("/threads/<int:thread_id>/resolve", methods=["POST"])
@requires(Permission.CATALOGS_COMMENT, scope=thread_locale())
def resolve(thread_id: int) -> ResponseReturnValue:
    thread = operations.get_thread(thread_id)
    message, catalog = catalogs.message_and_catalog(thread.message_id)
    try:
        operations.resolve(thread, actor=current_user)
    except OperationError as error:
        flash(error.message, "error")
    else:
        flash(_("Thread resolved."), "success")
    if request.form.get("back") == "requests":
        return redirect(url_for("comments.requests_page"))
    return _back(catalog, message.id)


@bp.route("/requests")
@requires(Permission.CATALOGS_MANAGE)
def requests_page() -> ResponseReturnValue:
    return render_template("comments/requests.html", items=operations.requests())
