"""The glossary pages: a language's terms, adding and removing one, CSV/TBX files."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.core.errors import NotFoundError, OperationError
from backoffice.core.http import attachment
from backoffice.core.permissions import Permission, requires
from backoffice.glossary import formats, operations
from backoffice.glossary.scopes import language_locales

bp = Blueprint("glossary", __name__, url_prefix="/glossary", template_folder="templates")


@bp.route("/")
@requires(Permission.CATALOGS_READ)
def index() -> ResponseReturnValue:
    if request.args.get("language"):
        return redirect(url_for("glossary.language",
                                language=operations.validate_language(request.args["language"])))
    return render_template("glossary/index.html", languages=operations.languages())


def _page(language: str, status: int = 200, errors: list[str] | None = None) -> ResponseReturnValue:
    return render_template("glossary/language.html", language=language,
                           terms=operations.terms(language), errors=errors or [],
                           parts=operations.PARTS_OF_SPEECH), status


@bp.route("/<language>/")
@requires(Permission.CATALOGS_READ)
def language(language: str) -> ResponseReturnValue:
    return _page(operations.validate_language(language))


@bp.route("/<language>/terms", methods=["POST"])
@requires(Permission.GLOSSARY_WRITE, scope=language_locales())
def save(language: str) -> ResponseReturnValue:
    form = request.form
    data = operations.TermData(
        source=form.get("source", "")[:400], translation=form.get("translation", "")[:400],
        part_of_speech=form.get("part_of_speech", "")[:40], note=form.get("note", "")[:4000],
        do_not_translate=form.get("do_not_translate") == "1")
    try:
        operations.save_term(language, data, actor=current_user)
    except OperationError as error:
        return _page(operations.validate_language(language), 400, [error.message])
    flash(_("Term saved."), "success")
    return redirect(url_for("glossary.language", language=language))


@bp.route("/<language>/terms/<int:term_id>/delete", methods=["POST"])
@requires(Permission.GLOSSARY_WRITE, scope=language_locales())
def delete(language: str, term_id: int) -> ResponseReturnValue:
    term = operations.get_term(term_id)
    if term.language != language:
        raise NotFoundError(_("This term does not exist."))
    operations.delete_term(term, actor=current_user)
    flash(_("Term removed."), "success")
    return redirect(url_for("glossary.language", language=language))


@bp.route("/<language>/import", methods=["POST"])
@requires(Permission.GLOSSARY_WRITE, scope=language_locales())
def import_file(language: str) -> ResponseReturnValue:
    upload = request.files.get("file")
    if upload is None:
        return _page(operations.validate_language(language), 400, [_("Choose a file.")])
    try:
        count = formats.import_terms(language, upload.read(formats.MAX_FILE + 1),
                                     upload.filename or "", actor=current_user)
    except OperationError as error:
        return _page(operations.validate_language(language), 400, [error.message])
    flash(_("Imported %(count)s terms.", count=count), "success")
    return redirect(url_for("glossary.language", language=language))


@bp.route("/<language>/export.<fmt>")
@requires(Permission.CATALOGS_READ)
def export(language: str, fmt: str) -> ResponseReturnValue:
    language = operations.validate_language(language)
    terms = operations.terms(language)
    if fmt == "csv":
        return Response(formats.export_csv(terms), mimetype="text/csv",
                        headers=attachment(f"glossary-{language}.csv"))
    if fmt == "tbx":
        return Response(formats.export_tbx(language, terms), mimetype="application/x-tbx+xml",
                        headers=attachment(f"glossary-{language}.tbx"))
    raise NotFoundError(_("Export as csv or tbx."))
