from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from backoffice.audit import operations, wording
from backoffice.audit.changes import FieldChange, field_changes
from backoffice.audit.forms import AuditFilterForm
from backoffice.audit.models import AuditEvent
from backoffice.core.arguments import ArgumentError, DateInRange, page_arg
from backoffice.core.http import attachment
from backoffice.core.permissions import Permission, requires

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE_SIZE = 100


def _filters() -> tuple[AuditFilterForm, operations.AuditFilter | None]:
    """The filters from the URL, or None when they are invalid (the form says why)."""
    form = AuditFilterForm(request.args)
    in_range = {"date_from": [DateInRange()], "date_to": [DateInRange()]}
    if request.args and not form.validate(extra_validators=in_range):
        return form, None
    return form, operations.AuditFilter(
        action=form.action.data or None,
        without_sign_ins=form.without_sign_ins.data,
        actor=form.actor.data or None,
        object_type=form.object_type.data or None,
        object_id=form.object_id.data or None,
        country_code=form.country.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.app_template_global("audit_sentence")
def audit_sentence(event: AuditEvent, show_actor: bool = True) -> str:
    return wording.describe(event, show_actor=show_actor)


@bp.app_template_global("audit_changes")
def audit_changes(event: AuditEvent) -> list[FieldChange]:
    return field_changes(event.before, event.after)


@bp.route("/")
@requires(Permission.AUDIT_READ)
def index() -> ResponseReturnValue:
    form, filters = _filters()
    page = page_arg()
    events = (
        operations.search(filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        if filters
        else []
    )
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "audit/index.html",
        form=form,
        events=events[:PAGE_SIZE],
        page=page,
        has_next=len(events) > PAGE_SIZE,
        query=query,
    ), 200 if filters is not None else 400


@bp.route("/export.csv")
@requires(Permission.AUDIT_READ)
def export_csv() -> ResponseReturnValue:
    form, filters = _filters()
    if filters is None:
        raise ArgumentError(" ".join(error for errors in form.errors.values() for error in errors))
    rows = stream_with_context(operations.to_csv_rows(operations.iter_all(filters)))
    return Response(
        rows,
        mimetype="text/csv",
        headers=attachment("audit-events.csv"),
    )
