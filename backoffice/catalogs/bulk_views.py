"""Bulk work in the console: the editor's filter selects, a page shows what would change,
one button applies it as a batch, another reverts it."""

from __future__ import annotations

from typing import Any, TypedDict

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.catalogs import bulk, operations
from backoffice.catalogs import editor as workspace
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.forms import EditorFilterForm
from backoffice.catalogs.models import Catalog
from backoffice.core.errors import OperationError
from backoffice.core.permissions import Permission, requires
from backoffice.countries.scopes import locale_arg

bp = Blueprint("catalog_bulk", __name__, url_prefix="/catalogs", template_folder="templates")

def _filters(source: Any) -> tuple[EditorFilterForm, operations.MessageFilter]:
    from backoffice.catalogs.views import _filters as editor_filters

    form = EditorFilterForm(formdata=source)
    return form, (editor_filters(form) if form.validate() else operations.MessageFilter())


class _Criteria(TypedDict, total=False):
    state: str
    q: str
    since: str


def _criteria(source: Any) -> _Criteria:
    criteria: _Criteria = {}
    if source.get("state"):
        criteria["state"] = source.get("state", "")
    if source.get("q"):
        criteria["q"] = source.get("q", "")
    if source.get("since"):
        criteria["since"] = source.get("since", "")
    return criteria


def _page(catalog: Catalog, source: Any, *, preview: bulk.Plan | None = None,
          status: int = 200) -> ResponseReturnValue:
    form, filters = _filters(source)
    try:
        selected = len(bulk.selection(catalog, filters))
    except OperationError as error:
        flash(error.message, "error")
        selected = None
    may_change = workspace.may_change(current_user, catalog)
    return render_template(
        "catalogs/bulk.html", catalog=catalog, form=form, selected=selected,
        criteria=_criteria(source), preview=preview, find=source.get("find", ""),
        replace=source.get("replace", ""), operations=bulk.recent(catalog),
        can={kind: may_change and current_user.can(p) for kind, p in bulk.PERMISSIONS.items()},
        has_parent=bool(catalog.locale and catalog.locale.parent_code),
    ), status


@bp.route("/<domain>/<locale>/bulk")
@requires(Permission.CATALOGS_READ, scope=locale_arg())
def page(domain: str, locale: str) -> ResponseReturnValue:
    """The selection, and with ``find`` the preview of every replacement."""
    catalog = operations.get_catalog(domain, locale)
    preview = None
    if request.args.get("find"):
        _form, filters = _filters(request.args)
        try:
            preview = bulk.plan(catalog, "replace", filters, find=request.args["find"],
                                replace=request.args.get("replace", ""))
        except OperationError as error:
            flash(error.message, "error")
    return _page(catalog, request.args, preview=preview)


def _apply(domain: str, locale: str, kind: str) -> ResponseReturnValue:
    catalog = operations.get_catalog(domain, locale)
    _form, filters = _filters(request.form)
    try:
        record = bulk.apply(catalog, kind, filters, actor=current_user,
                            comment=request.form.get("comment", "")[:2000],
                            find=request.form.get("find", ""),
                            replace=request.form.get("replace", ""),
                            expected=request.form.get("digest") if kind == "replace" else None)
    except OperationError as error:
        flash(error.message, "error")
        return _page(catalog, request.form, status=error.status_code)
    flash(_("Done: %(changed)s messages changed, %(skipped)s left as they were.",
            changed=record.changed_count, skipped=record.skipped_count), "success")
    return redirect(url_for("catalog_bulk.page", domain=domain, locale=locale,
                            **_criteria(request.form)))


@bp.route("/<domain>/<locale>/bulk/review", methods=["POST"])
@requires(bulk.PERMISSIONS["review"], scope=locale_arg())
def review(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "review")


@bp.route("/<domain>/<locale>/bulk/reject", methods=["POST"])
@requires(bulk.PERMISSIONS["reject"], scope=locale_arg())
def reject(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "reject")


@bp.route("/<domain>/<locale>/bulk/replace", methods=["POST"])
@requires(bulk.PERMISSIONS["replace"], scope=locale_arg())
def replace(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "replace")


@bp.route("/<domain>/<locale>/bulk/copy-parent", methods=["POST"])
@requires(bulk.PERMISSIONS["copy_parent"], scope=locale_arg())
def copy_parent(domain: str, locale: str) -> ResponseReturnValue:
    return _apply(domain, locale, "copy_parent")


@bp.route("/bulk/<int:operation_id>/revert", methods=["POST"])
@requires(Permission.CATALOGS_TRANSLATE, scope=catalog_scopes.bulk_locale())
def revert(operation_id: int) -> ResponseReturnValue:
    record = bulk.get(operation_id)
    catalog = record.batch.catalog
    try:
        count = bulk.revert(record, actor=current_user, reason=request.form.get("reason", "")[:500])
    except OperationError as error:
        flash(error.message, "error")
    else:
        flash(_("Reverted: %(count)s messages put back.", count=count), "success")
    return redirect(url_for("catalog_bulk.page", domain=catalog.domain,
                            locale=catalog.locale_code))
