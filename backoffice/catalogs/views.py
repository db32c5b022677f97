"""The translation workspace: catalog list, editor, uploads, import batches.

The editor works without JavaScript (one form per message, normal POST); with it,
``static/catalogs.js`` saves through the JSON endpoints without reloading the page.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.catalogs import editor as workspace
from backoffice.catalogs import editor_json, fidelity, provisioning, storable
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.domains import is_product_domain
from backoffice.catalogs.finding_text import finding_text
from backoffice.catalogs.forms import EditorFilterForm, RevertForm, UploadForm
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import charset as catalog_charset
from backoffice.catalogs.operations import editing, queries, rules
from backoffice.catalogs.operations import export as catalog_export
from backoffice.catalogs.operations import imports as catalog_imports
from backoffice.catalogs.operations import revert as catalog_revert
from backoffice.catalogs.panel import PANEL_SECTIONS
from backoffice.catalogs.po import charsets
from backoffice.comments import operations as comments
from backoffice.core.arguments import int_arg, page_arg
from backoffice.core.errors import OperationError
from backoffice.core.http import attachment
from backoffice.core.permissions import Permission, requires
from backoffice.countries.queries import get_country
from backoffice.countries.scopes import country_arg, locale_arg, locale_field
from backoffice.glossary import editor as glossary

bp = Blueprint("catalogs", __name__, url_prefix="/catalogs", template_folder="templates")
bp.add_url_rule("/api/messages/<int:message_id>", view_func=editor_json.save_json,
                methods=["POST"])
bp.add_url_rule("/api/messages/<int:message_id>/review", view_func=editor_json.review_json,
                methods=["POST"])
bp.add_url_rule("/api/messages/<int:message_id>/panel", view_func=editor_json.panel_json)

def _catalog(domain: str, locale: str) -> Catalog:
    return queries.get_catalog(domain, locale)


def _catalog_message(domain: str, locale: str, message_id: int) -> tuple[Catalog, Message]:
    """The catalog (in the person's locales) and one of its messages; 404 for another's."""
    catalog = _catalog(domain, locale)
    message = queries.get_message(message_id)
    if message.catalog_id != catalog.id:
        abort(404)
    return catalog, message


def _filters(form: EditorFilterForm) -> queries.MessageFilter:
    since = None
    if form.since.data:
        since = datetime.combine(form.since.data, time.min, UTC)
    state = form.state.data if form.state.data in queries.FILTERS else "all"
    return queries.MessageFilter(state=state, query=form.q.data or "", since=since)


def _query_args(args: Any) -> dict[str, Any]:
    return {k: v for k, v in args.items()
            if k in ("state", "q", "since", "page", "after", "before") and v}


@bp.route("/")
@requires(Permission.CATALOGS_READ)
def index() -> ResponseReturnValue:
    catalogs = workspace.visible_catalogs(current_user, queries.list_catalogs())
    return render_template("catalogs/index.html", catalogs=catalogs, country=None)


@bp.route("/country/<code>")
@requires(Permission.CATALOGS_READ)
def country(code: str) -> ResponseReturnValue:
    """The catalogs of one country's locales (a section of the country's page), with the
    catalogs they still lack, which someone who manages catalogs can create at once."""
    record = get_country(code)
    catalogs = workspace.visible_catalogs(current_user,
                                          queries.catalogs_for_locales(record.locale_codes))
    return render_template("catalogs/index.html", catalogs=catalogs, country=record,
                           missing=provisioning.missing_catalogs(record.locale_codes))


@bp.route("/country/<code>/create-missing", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=country_arg())
def create_missing(code: str) -> ResponseReturnValue:
    record = get_country(code)
    created = provisioning.create_missing(record.locale_codes, actor=current_user)
    if created:
        flash(_("Catalogs created from the templates: %(names)s", names=", ".join(
            f"{c.locale_code} {c.domain}" for c in created)), "success")
    else:
        flash(_("Every locale of %(code)s has its catalogs.", code=record.code), "info")
    return redirect(url_for("catalogs.country", code=record.code))


def _render_editor(catalog: Catalog, *, conflict: editing.TranslationConflict | None = None,
                   error: tuple[int, str] | None = None, status: int = 200,
                   args: Any = None, typed: tuple[int, list[str]] | None = None,
                   ) -> ResponseReturnValue:
    args = request.args if args is None else args
    form = EditorFilterForm(formdata=args)
    filters = _filters(form) if form.validate() else queries.MessageFilter()
    page = page_arg(source=args)
    messages, has_next = queries.messages_page(
        catalog, filters, page, after=int_arg("after", source=args),
        before=int_arg("before", source=args),
    )
    parents = queries.parent_texts(catalog, messages)
    selected_id = int_arg("m", source=args)
    if conflict is not None:
        selected_id = conflict.current.id
    selected = next((m for m in messages if m.id == selected_id), messages[0] if messages else None)
    panel = editor_json.panel(selected, catalog, parents) if selected is not None else None
    labels = rules.labels_for(catalog)
    may_translate = editor_json.may_translate(catalog)
    return render_template(
        "catalogs/editor.html",
        catalog=catalog,
        form=form,
        messages=messages,
        has_next=has_next,
        page=page,
        query=_query_args(args),
        parents=parents,
        labels=labels,
        panel=panel,
        selected=selected,
        conflict=conflict,
        error=error,
        typed=typed,
        conflict_by=workspace.conflict_details(conflict.current) if conflict else None,
        inherited_from=workspace.inherited_sources(catalog, [m.source_key for m in messages]),
        tokens={m.id: workspace.source_tokens(m.msgid, m.msgid_plural) for m in messages},
        panel_sections=PANEL_SECTIONS,
        open_questions=comments.open_count(catalog),
        glossary=glossary.for_page(catalog.locale_code, messages),
        file_info=_file_info(catalog, args),
        state_label=editor_json.state_label,
        finding_text=finding_text,
        can_review=may_translate and current_user.can(Permission.CATALOGS_REVIEW),
        can_translate=may_translate,
        can_manage=current_user.can(Permission.CATALOGS_MANAGE),
    ), status


@bp.route("/<domain>/<locale>/")
@requires(Permission.CATALOGS_READ, scope=locale_arg())
def editor(domain: str, locale: str) -> ResponseReturnValue:
    return _render_editor(_catalog(domain, locale))


def _back_to_editor(catalog: Catalog, message: Message | None = None,
                    next_id: int | None = None) -> ResponseReturnValue:
    args = _query_args(request.form)
    anchor = f"m{next_id}" if next_id else (f"m{message.id}" if message else None)
    if next_id:
        args["m"] = next_id
    return redirect(url_for("catalogs.editor", domain=catalog.domain,
                            locale=catalog.locale_code, _anchor=anchor, **args))


@bp.route("/<domain>/<locale>/messages/<int:message_id>", methods=["POST"])
@requires(Permission.CATALOGS_TRANSLATE, scope=locale_arg())
def save(domain: str, locale: str, message_id: int) -> ResponseReturnValue:
    catalog, message = _catalog_message(domain, locale, message_id)
    forms = request.form.getlist("translation")
    version = int_arg("version", 0, source=request.form)
    try:
        result = editing.save_translation(
            message, forms, version=version, actor=current_user, catalog=catalog
        )
    except editing.TranslationConflict as conflict:
        return _render_editor(catalog, conflict=conflict, status=409, args=request.form)
    except OperationError as error:
        return _render_editor(catalog, error=(message.id, error.message),
                              status=error.status_code, args=request.form,
                              typed=(message.id, forms))
    if result.message.failing:
        flash(_("Saved as a draft: the translation fails a check."), "error")
    elif result.saved:
        flash(_("Translation saved."), "success")
    return _back_to_editor(catalog, message, int_arg("next", source=request.form))


@bp.route("/<domain>/<locale>/messages/<int:message_id>/review", methods=["POST"])
@requires(Permission.CATALOGS_REVIEW, scope=locale_arg())
def review(domain: str, locale: str, message_id: int) -> ResponseReturnValue:
    catalog, message = _catalog_message(domain, locale, message_id)
    try:
        editing.review(message, version=int_arg("version", 0, source=request.form),
                          actor=current_user)
    except editing.TranslationConflict as conflict:
        return _render_editor(catalog, conflict=conflict, status=409)
    except OperationError as error:
        return _render_editor(catalog, error=(message.id, error.message), status=400)
    flash(_("Marked reviewed."), "success")
    return _back_to_editor(catalog, message, int_arg("next", source=request.form))


# --- files and batches ------------------------------------------------------------------


@bp.route("/<domain>/<locale>/export")
@requires(Permission.CATALOGS_READ, scope=locale_arg())
def export(domain: str, locale: str) -> ResponseReturnValue:
    catalog = queries.get_catalog(domain, locale)
    flatten = request.args.get("flatten") == "1"
    data = catalog_export.export_bytes(catalog, flatten=flatten)
    suffix = "-flat" if flatten else ""
    return Response(data, mimetype="text/x-gettext-translation",
                    headers=attachment(f"{catalog.domain}-{catalog.locale_code}{suffix}.po"))


def _file_info(catalog: Catalog, args: Any) -> dict[str, Any]:
    """The catalog's file: its charset, and its fidelity to the import when asked for
    (``?fidelity=1``: it costs one export)."""
    charset = storable.catalog_charset(catalog)
    return {
        "charset": charset,
        "utf8": charsets.is_utf8(charset),
        "fidelity": fidelity.fidelity(catalog) if args.get("fidelity") == "1" else None,
    }


@bp.route("/<domain>/<locale>/convert-utf8", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=locale_arg())
def convert_utf8(domain: str, locale: str) -> ResponseReturnValue:
    catalog = queries.get_catalog(domain, locale)
    try:
        old = catalog_charset.convert_to_utf8(catalog, actor=current_user,
                                         reason=request.form.get("reason", "")[:500])
    except OperationError as error:
        flash(error.message, "error")
        return redirect(url_for("catalogs.editor", domain=domain, locale=locale))
    flash(_("The catalog was converted from %(charset)s to UTF-8.", charset=old), "success")
    return redirect(url_for("catalogs.editor", domain=domain, locale=locale))


@bp.route("/upload", methods=["GET", "POST"])
@requires(Permission.CATALOGS_MANAGE, scope=locale_field())
def upload() -> ResponseReturnValue:
    form = UploadForm()
    status = 200
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            result = catalog_imports.import_file(
                (form.domain.data or "").strip(), form.locale.data, data, mode=form.mode.data,
                filename=form.file.data.filename or "", actor=current_user,
            )
        except OperationError as error:
            target = form.file if error.field == "file" else getattr(form, error.field or "", None)
            if target is not None:
                target.errors = [*target.errors, error.message]
            else:
                form.form_errors.append(error.message)
            status = 400
        else:
            for warning in result.messages:
                flash(_("Warning: %(warning)s", warning=warning), "warning")
            if result.created:
                flash(_("Catalog created with %(count)s messages.", count=result.changed),
                      "success")
            else:
                flash(_("Imported: %(changed)s changed, %(skipped)s kept, %(unknown)s not in "
                        "the catalog.", changed=result.changed, skipped=result.skipped,
                        unknown=result.unknown), "success")
            return redirect(url_for("catalogs.imports"))
    elif request.method == "POST":
        status = 400
    return render_template("catalogs/upload.html", form=form), status


@bp.route("/<domain>/update-from-template", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=catalog_scopes.domain_locales())
def update_from_template(domain: str) -> ResponseReturnValue:
    """Bring every catalog of the domain in line with LOCALES_DIR/<domain>.pot."""
    if not is_product_domain(domain) or not provisioning.template_path(domain).is_file():
        flash(_("There is no template %(name)s.pot to update from.", name=domain), "error")
        return redirect(url_for("catalogs.index"))
    # A bad template raises OperationError: the error page answers 400 and nothing is kept.
    outcome = provisioning.update_domain(
        domain, provisioning.template_path(domain).read_bytes(), actor=current_user)
    summary = [f"{locale}: +{r.added}, ~{r.fuzzy}, -{r.obsoleted}"
               for locale, r in outcome.updated.items()]
    for locale, result in outcome.updated.items():
        if result.converted_from:
            flash(_("%(locale)s was converted from %(charset)s to UTF-8 to hold the "
                    "template's text.", locale=locale, charset=result.converted_from),
                  "warning")
    if outcome.created:
        flash(_("Catalogs created from the template: %(locales)s",
                locales=", ".join(outcome.created)), "success")
    flash(_("Updated from the template: %(summary)s", summary="; ".join(summary) or "-"),
          "success")
    return redirect(url_for("catalogs.index"))


@bp.route("/imports/")
@requires(Permission.CATALOGS_MANAGE)
def imports() -> ResponseReturnValue:
    return render_template("catalogs/imports.html", batches=queries.list_batches(),
                           form=RevertForm())


@bp.route("/imports/<int:batch_id>/revert", methods=["POST"])
@requires(Permission.CATALOGS_MANAGE, scope=catalog_scopes.batch_locale())
def revert(batch_id: int) -> ResponseReturnValue:
    form = RevertForm()
    batch = queries.get_batch(batch_id)
    if not form.validate_on_submit():
        flash(_("Say why the import is reverted."), "error")
        return redirect(url_for("catalogs.imports"))
    try:
        count = catalog_revert.revert_batch(batch, actor=current_user,
                                            reason=form.reason.data or "")
    except OperationError as error:
        flash(error.message, "error")
        return render_template("catalogs/imports.html", batches=queries.list_batches(),
                               form=form), error.status_code
    flash(_("Import reverted: %(count)s messages put back.", count=count), "success")
    return redirect(url_for("catalogs.imports"))
