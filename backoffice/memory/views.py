"""The memory's pages: concordance search, TMX import and export, and the editor panel's
JSON (matches for one message, with where each comes from)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.catalogs import operations as catalog_ops
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.arguments import page_arg
from backoffice.core.errors import OperationError
from backoffice.core.http import attachment
from backoffice.core.permissions import UNSCOPED, Permission, requires
from backoffice.countries.scopes import locale_arg
from backoffice.memory import drafts, lookup, machine, text, tmx_files
from backoffice.memory.forms import (
    ConcordanceForm,
    MachineSettingsForm,
    TmxExportForm,
    TmxImportForm,
)

bp = Blueprint("memory", __name__, url_prefix="/memory", template_folder="templates")
PAGE_SIZE = 50


def search_from(form: ConcordanceForm) -> lookup.Concordance:
    field = form.field.data if form.field.data in ("both", "source", "target") else "both"
    return lookup.Concordance(query=form.q.data or "", field=field,
                              language=(form.language.data or "").strip(),
                              locale=(form.locale.data or "").strip(),
                              domain=(form.domain.data or "").strip())


@bp.route("/")
@requires(Permission.CATALOGS_READ)
def index() -> ResponseReturnValue:
    form = ConcordanceForm(formdata=request.args)
    page = page_arg()
    units: list[Any] = []
    searched = bool(request.args) and form.validate()
    if searched:
        units = lookup.concordance(search_from(form), limit=PAGE_SIZE + 1,
                                   offset=(page - 1) * PAGE_SIZE)
    return render_template(
        "memory/index.html", form=form, units=units[:PAGE_SIZE], page=page,
        has_next=len(units) > PAGE_SIZE, searched=searched, stats=lookup.stats(),
        export_form=TmxExportForm(formdata=None), import_form=TmxImportForm(),
        can_manage=current_user.can(Permission.CATALOGS_MANAGE),
        can_configure=current_user.can(Permission.PROVIDERS_WRITE))


@bp.route("/export.tmx")
@requires(Permission.CATALOGS_READ)
def export() -> ResponseReturnValue:
    form = TmxExportForm(formdata=request.args)
    if not form.validate():
        flash(_("Choose a language to export."), "error")
        return redirect(url_for("memory.index"))
    language = text.language_of(form.language.data or "")
    data = tmx_files.export_tmx(language, locale=(form.locale.data or "").strip())
    return Response(data, mimetype="application/x-tmx+xml",
                    headers=attachment(f"memory-{language}.tmx"))


@bp.route("/import", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=UNSCOPED)
def import_tmx() -> ResponseReturnValue:
    form = TmxImportForm()
    if not form.validate():
        flash(_("Choose a TMX file to import."), "error")
        return redirect(url_for("memory.index"))
    upload = form.file.data
    try:
        result = tmx_files.import_tmx(upload.read(), filename=upload.filename or "",
                                      domain=(form.domain.data or "").strip(),
                                      actor=current_user)
    except OperationError as error:
        flash(error.message, "error")
        return redirect(url_for("memory.index"))
    flash(_("%(count)s translations added to the memory (%(languages)s).", count=result.added,
            languages=", ".join(result.languages) or "-"), "success")
    return redirect(url_for("memory.index"))


def message_matches(message: Message, catalog: Catalog) -> list[dict[str, object]]:
    language = text.language_of(catalog.locale_code)
    return [m.as_json() for m in lookup.lookup(language, message.msgid,
                                               exclude_message=message.id)]


@bp.route("/api/messages/<int:message_id>")
@requires(Permission.CATALOGS_READ, scope=catalog_scopes.message_locale())
def panel_json(message_id: int) -> ResponseReturnValue:
    message, catalog = catalog_ops.message_and_catalog(message_id)
    return jsonify(matches=message_matches(message, catalog), machine=machine.enabled())


@bp.route("/api/messages/<int:message_id>/machine", methods=["POST"])
@requires(Permission.CATALOGS_TRANSLATE, scope=catalog_scopes.message_locale())
def machine_json(message_id: int) -> ResponseReturnValue:
    message, catalog = catalog_ops.message_and_catalog(message_id)
    try:
        return jsonify(machine.suggestion(message, catalog))
    except OperationError as error:
        return jsonify(error=error.message), error.status_code


@bp.route("/prefill/<domain>/<locale>", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=locale_arg())
def prefill(domain: str, locale: str) -> ResponseReturnValue:
    catalog = catalog_ops.get_catalog(domain, locale)
    result = drafts.prefill(catalog, actor=current_user)
    flash(_("%(count)s drafts written (%(memory)s from the memory, %(machine)s by machine); "
            "revert them as a whole on the imports page.", count=result.batch.changed_count,
            memory=result.from_memory, machine=result.from_machine), "success")
    return redirect(url_for("catalogs.editor", domain=domain, locale=locale, state="draft"))


@bp.route("/machine", methods=["GET", "POST"])
@requires(Permission.PROVIDERS_WRITE, scope=UNSCOPED)
def machine_settings() -> ResponseReturnValue:
    row = machine.settings()
    form = MachineSettingsForm(obj=row)
    if form.validate_on_submit():
        try:
            machine.configure(server_url=form.server_url.data or "",
                              api_key=form.api_key.data or None,
                              enabled=bool(form.enabled.data), actor=current_user)
        except OperationError as error:
            flash(error.message, "error")
        else:
            flash(_("Machine translation settings saved."), "success")
            return redirect(url_for("memory.machine_settings"))
    return render_template("memory/machine.html", form=form, row=row)
