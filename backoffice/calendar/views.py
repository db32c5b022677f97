"""The launch calendar page and its iCalendar export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import User
from backoffice.calendar import operations
from backoffice.calendar.ical import to_ical
from backoffice.calendar.svg import timeline
from backoffice.core.arguments import date_arg, int_arg
from backoffice.core.db import db, utcnow
from backoffice.core.permissions import Permission, requires
from backoffice.countries.labels import STAGE_LABELS
from backoffice.countries.models import Country

bp = Blueprint("calendar", __name__, url_prefix="/calendar", template_folder="templates")


def filters_from_args() -> operations.Filters:
    """The filters of the query string: ``from``, ``to``, ``region``, ``owner``, ``stage``."""
    stage = request.args.get("stage") or None
    return operations.Filters.make(
        date_arg("from"), date_arg("to"), region=request.args.get("region") or None,
        owner_id=int_arg("owner", None, minimum=1),
        stage=stage if stage in {str(s) for s in STAGE_LABELS} else None)


def _owners() -> list[tuple[int, str]]:
    return [(user_id, email) for user_id, email in db.session.execute(
        select(User.id, User.email).where(User.id.in_(select(Country.owner_id)))
        .order_by(User.email))]


@bp.route("/")
@requires(Permission.COUNTRIES_READ)
def index() -> ResponseReturnValue:
    filters = filters_from_args()
    now = utcnow()
    countries, events = operations.calendar(filters, now)
    chart = timeline([c.code for c in countries], events, filters.start, filters.end,
                     now.date())
    args: dict[str, Any] = {k: v for k, v in request.args.items() if v}
    return render_template(
        "calendar/index.html", filters=filters, chart=chart, events=events,
        regions=operations.region_names(), owners=_owners(), stages=STAGE_LABELS,
        export_args=args)


@bp.route("/launches.ics")
@requires(Permission.COUNTRIES_READ)
def export() -> ResponseReturnValue:
    _countries, events = operations.calendar(filters_from_args())
    host = request.host.split(":")[0] or "backoffice"
    body = to_ical(events, name=_("Launch calendar"), host=host)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="launches.ics"'
    return response
