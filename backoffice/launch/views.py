from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from backoffice.audit.models import AuditEvent
from backoffice.core.arguments import page_arg
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.core.permissions import Permission, requires
from backoffice.countries import state_log
from backoffice.countries.labels import change_status_label, stage_label
from backoffice.countries.models import Country
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg
from backoffice.countries.state import is_due, shown_status, state_of, upcoming
from backoffice.launch import operations
from backoffice.launch.forms import CancelForm, MoveForm
from backoffice.launch.gates import GateContext, blocking, readiness

bp = Blueprint("launch", __name__, url_prefix="/countries/<code>")


TIMELINE_PAGE = 100
# Timeline filters: the first part of an audit action names its domain, and reading a
# domain's events takes that domain's read permission.
TIMELINE_KINDS = {
    "country": (_l("Configuration and stage"), Permission.COUNTRIES_READ),
    "catalog": (_l("Translations"), Permission.CATALOGS_READ),
    "idcheck": (_l("ID checks"), Permission.IDCHECK_READ),
    "marketing": (_l("Marketing"), Permission.MARKETING_READ),
    "moderation": (_l("Moderation"), Permission.COUNTRIES_READ),
    "playbook": (_l("Playbook"), Permission.COUNTRIES_READ),
    "payment": (_l("Payments"), Permission.PAYMENTS_READ),
}


def _readable_kinds() -> dict[str, object]:
    """The timeline kinds this reader may see (the same rule as the domains' own pages)."""
    return {kind: label for kind, (label, permission) in TIMELINE_KINDS.items()
            if current_user.can(permission)}


def _page(country: Country, move_form: MoveForm | None = None, status: int = 200
          ) -> ResponseReturnValue:
    ctx = GateContext.load([country])
    state = ctx.states[country.code]
    gates = readiness(country, ctx)
    moves = operations.possible_moves(state)
    offered = [m for m in moves if not blocking(gates.get(m, []))]
    return render_template(
        "launch/country.html",
        country=country,
        state=state,
        gates=gates,
        offered=offered,
        blocked={m: blocking(gates.get(m, [])) for m in moves if m not in offered},
        scheduled=state_log.scheduled(country),
        history=state_log.history(country, 20),
        is_due=is_due,
        shown_status=shown_status,
        change_status_label=change_status_label,
        move_form=move_form or MoveForm(formdata=None),
        cancel_form=CancelForm(formdata=None),
        can_move=current_user.can(Permission.LAUNCH_TRANSITION)
        and current_user.can_manage_country(country.code),
    ), status


@bp.route("/readiness")
@requires(Permission.COUNTRIES_READ)
def country(code: str) -> ResponseReturnValue:
    return _page(get_country(code))


@bp.route("/moves", methods=["POST"])
@requires(Permission.LAUNCH_TRANSITION, scope=country_arg())
def move(code: str) -> ResponseReturnValue:
    country = get_country(code)
    form = MoveForm()
    if not form.validate_on_submit():
        return _page(country, form, status=400)
    try:
        change = operations.move(
            country, form.stage.data or "", reason=form.reason.data or "",
            at_local=form.at.data or None,
            actor=current_user._get_current_object(),
        )
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(get_country(code), form, status=error.status_code)
    if change.status == "scheduled":
        flash(_("%(code)s will move to %(stage)s at %(time)s (%(tz)s).", code=country.code,
                stage=stage_label(change.to_stage), time=change.local_time,
                tz=country.timezone), "success")
    else:
        flash(_("%(code)s is now %(stage)s.", code=country.code,
                stage=stage_label(state_of(country).public_stage)), "success")
    return redirect(url_for("launch.country", code=country.code))


@bp.route("/moves/<int:change_id>/cancel", methods=["POST"])
@requires(Permission.LAUNCH_TRANSITION, scope=country_arg())
def cancel(code: str, change_id: int) -> ResponseReturnValue:
    country = get_country(code)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Say why the scheduled change is cancelled."), "error")
        return _page(country, status=400)
    try:
        operations.cancel_scheduled(country, change_id, reason=form.reason.data,
                                    actor=current_user._get_current_object())
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _page(get_country(code), status=error.status_code)
    flash(_("The scheduled change was cancelled."), "success")
    return redirect(url_for("launch.country", code=country.code))


@bp.route("/timeline")
@requires(Permission.COUNTRIES_READ)
def timeline(code: str) -> ResponseReturnValue:
    """The country's history. Who did what, with before and after, is the audit log's:
    only readers allowed to read the audit see them; the others see what happened."""
    country = get_country(code)
    kinds = _readable_kinds()
    kind = request.args.get("kind", "")
    chosen = [kind] if kind in kinds else list(kinds)
    query = select(AuditEvent).where(
        AuditEvent.country_code == country.code,
        or_(*(AuditEvent.action.startswith(prefix) for prefix in chosen)))
    page = page_arg()
    events = list(db.session.scalars(
        query.order_by(AuditEvent.id.desc()).limit(TIMELINE_PAGE + 1)
        .offset((page - 1) * TIMELINE_PAGE)
    ))
    return render_template(
        "launch/timeline.html", country=country, events=events[:TIMELINE_PAGE],
        has_next=len(events) > TIMELINE_PAGE, page=page, kind=kind if kind in kinds else "",
        kinds=kinds, details=current_user.can(Permission.AUDIT_READ),
        scheduled=upcoming(codes=[country.code]),
    )
