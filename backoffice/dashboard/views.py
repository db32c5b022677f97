from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from backoffice.core.permissions import Permission, requires
from backoffice.countries.queries import all_countries
from backoffice.dashboard.operations import upcoming_changes
from backoffice.launch.gates import GateContext, risks

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@requires(Permission.DASHBOARD_READ)
def index() -> ResponseReturnValue:
    from backoffice.countries.views import table_context, world_map

    countries = all_countries()
    gates = GateContext.load(countries)
    at_risk = risks(countries, gates)
    return render_template(
        "dashboard/index.html", world_map=world_map(gates.states, at_risk),
        upcoming=upcoming_changes(gates.at), at_risk=at_risk,
        **table_context(countries, gates.states))
