"""One's inbox and notification preferences."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.arguments import page_arg
from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.notifications import operations
from backoffice.notifications.forms import ReadForm, preferences_form
from backoffice.notifications.kinds import KINDS, label, render

bp = Blueprint("notifications", __name__, url_prefix="/notifications",
               template_folder="templates")


@bp.app_context_processor
def _inbox_globals() -> dict[str, object]:
    def unread_notifications() -> int:
        return operations.unread_count(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": unread_notifications}


@bp.route("/")
@requires(Permission.NOTIFICATIONS_OWN)
def index() -> ResponseReturnValue:
    page = page_arg()
    unread_only = request.args.get("unread") == "1"
    items = operations.inbox(current_user, unread_only=unread_only,
                             limit=operations.INBOX_PAGE + 1,
                             offset=(page - 1) * operations.INBOX_PAGE)
    return render_template(
        "notifications/index.html", items=items[:operations.INBOX_PAGE],
        has_next=len(items) > operations.INBOX_PAGE, page=page, unread_only=unread_only,
        render=render, label=label, form=ReadForm())


def _checked() -> None:
    if not ReadForm().validate_on_submit():
        abort(400)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@requires(Permission.NOTIFICATIONS_OWN, scope=UNSCOPED)
def read(notification_id: int) -> ResponseReturnValue:
    _checked()
    operations.mark_read(current_user, notification_id)
    return redirect(url_for("notifications.index"))


@bp.route("/<int:notification_id>/open", methods=["POST"])
@requires(Permission.NOTIFICATIONS_OWN, scope=UNSCOPED)
def open_item(notification_id: int) -> ResponseReturnValue:
    _checked()
    item = operations.get_own(current_user, notification_id)
    operations.mark_read(current_user, notification_id)
    link = item.link if item.link.startswith("/") and not item.link.startswith("//") else "/"
    return redirect(link)


@bp.route("/read-all", methods=["POST"])
@requires(Permission.NOTIFICATIONS_OWN, scope=UNSCOPED)
def read_all() -> ResponseReturnValue:
    _checked()
    count = operations.mark_read(current_user)
    flash(_("%(count)d notifications marked read.", count=count), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@requires(Permission.NOTIFICATIONS_OWN, scope=UNSCOPED)
def preferences() -> ResponseReturnValue:
    current = operations.preferences(current_user)
    form = preferences_form(current, request.form if request.method == "POST" else None)
    status = 200
    if form.validate_on_submit():
        try:
            operations.set_preferences(current_user, {kind: form[kind].data for kind in KINDS})
        except OperationError as error:
            apply_error(form, error)
            status = error.status_code
        else:
            flash(_("Notification preferences saved."), "success")
            return redirect(url_for("notifications.preferences"))
    elif form.is_submitted():
        status = 400
    return render_template("notifications/preferences.html", form=form,
                           kinds=list(KINDS)), status
