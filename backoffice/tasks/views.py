"""The admins' view of background work: what failed, with its error."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from backoffice.core.permissions import Permission, requires
from backoffice.tasks import runs
from backoffice.tasks.queue import queue
from backoffice.tasks.worker import without_credentials

bp = Blueprint("tasks", __name__, url_prefix="/admin/tasks", template_folder="templates")


@bp.route("/")
@requires(Permission.TASKS_READ)
def index() -> ResponseReturnValue:
    huey = queue()
    return render_template(
        "tasks/index.html", failed=runs.failed_runs(), recent=runs.recent_runs(),
        store=without_credentials(current_app.config["QUEUE_URL"]),
        pending=huey.pending_count(), scheduled=huey.scheduled_count())
