from __future__ import annotations

from flask import Blueprint, render_template

from backoffice.core.permissions import Permission, requires
from backoffice.dashboard.operations import upcoming_changes

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@requires(Permission.DASHBOARD_READ)
def index():  # type: ignore[no-untyped-def]
    from backoffice.countries.views import table_context, world_map

    return render_template("dashboard/index.html", world_map=world_map(),
                           upcoming=upcoming_changes(), **table_context())
