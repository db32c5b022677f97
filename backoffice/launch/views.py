from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from backoffice.audit.models import AuditEvent
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.navigation import COUNTRY_SECTIONS
from backoffice.core.permissions import Permission, requires
from backoffice.launch import domain_gates, operations  # noqa: F401 - registers the gates
from backoffice.launch.forms import CancelForm, MoveForm
from backoffice.launch.gates import blocking, readiness

bp = Blueprint("launch", __name__, url_prefix="/countries/<code>")

COUNTRY_SECTIONS.append(("launch.country", Permission.COUNTRIES_READ, _l("Readiness")))
COUNTRY_SECTIONS.append(("launch.timeline", Permission.COUNTRIES_READ, _l("Timeline")))

TIMELINE_PAGE = 100
# Timeline filters: the first part of an audit action names its domain.
TIMELINE_KINDS = {
    "country": _l("Configuration and stage"),
    "catalog": _l("Translations"),
    "idcheck": _l("ID checks"),
    "marketing": _l("Marketing"),
    "payment": _l("Payments"),
}


def _page(country, move_form=None, status=200):  # type: ignore[no-untyped-def]
    gates = readiness(country)
    moves = operations.possible_moves(country)
    offered = [m for m in moves if not blocking(gates.get(m, []))]
    return render_template(
        "launch/country.html",
        country=country,
        gates=gates,
        offered=offered,
        blocked={m: blocking(gates.get(m, [])) for m in moves if m not in offered},
        scheduled=operations.scheduled_changes(country),
        move_form=move_form or MoveForm(formdata=None),
        cancel_form=CancelForm(formdata=None),
        can_move=current_user.can(Permission.LAUNCH_TRANSITION)
        and current_user.can_manage_country(country.code),
    ), status


@bp.route("/readiness")
@requires(Permission.COUNTRIES_READ)
def country(code: str):  # type: ignore[no-untyped-def]
    return _page(operations.get_country(code))


@bp.route("/moves", methods=["POST"])
@requires(Permission.LAUNCH_TRANSITION)
def move(code: str):  # type: ignore[no-untyped-def]
    country = operations.get_country(code)
    if not current_user.can_manage_country(country.code):
        return _page(country, status=403)
    form = MoveForm()
    if not form.validate_on_submit():
        return _page(country, form, status=400)
    try:
        change = operations.move(
            country, form.stage.data, reason=form.reason.data, at_local=form.at.data or None,
            actor_id=current_user.id,
        )
    except OperationError as error:
        form.form_errors.append(error.message)
        return _page(country, form, status=error.status_code)
    if change.status == "scheduled":
        flash(_("%(code)s will move to %(stage)s at %(time)s (%(tz)s).", code=country.code,
                stage=change.to_stage, time=change.local_time, tz=country.timezone), "success")
    else:
        flash(_("%(code)s is now %(stage)s.", code=country.code, stage=change.to_stage),
              "success")
    return redirect(url_for("launch.country", code=country.code))


@bp.route("/moves/<int:change_id>/cancel", methods=["POST"])
@requires(Permission.LAUNCH_TRANSITION)
def cancel(code: str, change_id: int):  # type: ignore[no-untyped-def]
    country = operations.get_country(code)
    if not current_user.can_manage_country(country.code):
        return _page(country, status=403)
    form = CancelForm()
    if form.validate_on_submit():
        operations.cancel_scheduled(country, change_id, reason=form.reason.data)
        flash(_("The scheduled change was cancelled."), "success")
    return redirect(url_for("launch.country", code=country.code))


@bp.route("/timeline")
@requires(Permission.COUNTRIES_READ)
def timeline(code: str):  # type: ignore[no-untyped-def]
    country = operations.get_country(code)
    kind = request.args.get("kind", "")
    query = select(AuditEvent).where(AuditEvent.country_code == country.code)
    if kind in TIMELINE_KINDS:
        query = query.where(AuditEvent.action.startswith(kind))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    events = list(db.session.scalars(
        query.order_by(AuditEvent.id.desc()).limit(TIMELINE_PAGE + 1)
        .offset((page - 1) * TIMELINE_PAGE)
    ))
    return render_template(
        "launch/timeline.html", country=country, events=events[:TIMELINE_PAGE],
        has_next=len(events) > TIMELINE_PAGE, page=page, kind=kind, kinds=TIMELINE_KINDS,
        scheduled=operations.scheduled_changes(country),
    )
