"""The editor's JSON endpoints, used by ``static/catalogs.js``: save, review and the side
panel of one message, and the labels and panel data the editor page shares with them.

``catalogs.views`` routes them on its blueprint, under ``/catalogs/api/messages/``.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from backoffice.catalogs import editor as workspace
from backoffice.catalogs import scopes as catalog_scopes
from backoffice.catalogs.finding_text import shown_findings
from backoffice.catalogs.models import Catalog, Message, State
from backoffice.catalogs.operations import editing, queries, rules
from backoffice.catalogs.panel import PANEL_SECTIONS
from backoffice.comments import operations as comments
from backoffice.core.errors import OperationError
from backoffice.core.permissions import Permission, requires
from backoffice.glossary import editor as glossary


def state_label(state: str) -> str:
    labels = {
        State.UNTRANSLATED.value: _("Untranslated"),
        State.DRAFT.value: _("Draft"),
        State.TRANSLATED.value: _("Translated"),
        State.REVIEWED.value: _("Reviewed"),
    }
    return labels.get(state, state)


def may_translate(catalog: Catalog) -> bool:
    """Translators read the locales theirs inherit from, and change only their own."""
    return current_user.can(Permission.CATALOGS_TRANSLATE) and workspace.may_change(
        current_user, catalog)


def panel(message: Message, catalog: Catalog, parents: dict[str, list[str]] | None = None
          ) -> dict[str, Any]:
    if parents is None:
        parent = queries.parent_message(message, catalog)
        parent_forms = (
            list(parent.translations)
            if parent is not None and parent.state in rules.DONE_STATES else None
        )
    else:
        parent_forms = parents.get(message.source_key)
    return {
        "id": message.id,
        "msgctxt": message.msgctxt,
        "translator_comments": list(message.translator_comments or []),
        "extracted_comments": list(message.extracted_comments or []),
        "locations": list(message.locations or []),
        "previous_msgid": message.previous_msgid,
        "parent_locale": catalog.locale.parent_code if catalog.locale else None,
        "can_translate": may_translate(catalog),
        "can_comment": current_user.can(Permission.CATALOGS_COMMENT)
        and workspace.may_change(current_user, catalog),
        "report": request.args.get("report", ""),
        "threads": [comments.thread_json(t) for t in comments.threads(message)],
        "glossary": glossary.message_terms(catalog.locale_code, message),
        "parent": parent_forms,
        "suggestions": [
            {"locale": s.locale, "domain": s.domain, "source": s.source,
             "translations": s.translations, "exact": s.exact, "score": s.score}
            for s in queries.suggestions(message, catalog)
        ],
        "history": [
            {"when": h.created_at.strftime("%Y-%m-%d %H:%M"), "action": h.action,
             "who": h.author.email if h.author else "", "translations": list(h.translations),
             "state": state_label(h.state)}
            for h in queries.message_history(message)
        ],
    }


def _message_json(message: Message, catalog: Catalog) -> dict[str, Any]:
    return {
        "id": message.id,
        "version": message.version,
        "state": message.state,
        "state_label": state_label(message.state),
        "translations": list(message.translations),
        "findings": shown_findings(message.findings),
        "counters": catalog.counters(),
        "progress": catalog.progress,
        "coverage": catalog.coverage,
    }


def _conflict_json(current: Message) -> dict[str, Any]:
    """The message as saved by someone else, for the editor to show beside one's own text."""
    return {
        "translations": list(current.translations),
        "version": current.version,
        "state": current.state,
        "state_label": state_label(current.state),
        **workspace.conflict_details(current),
    }


def _json_error(error: OperationError) -> ResponseReturnValue:
    return jsonify(error=error.message, field=error.field), error.status_code


@requires(Permission.CATALOGS_TRANSLATE, scope=catalog_scopes.message_locale())
def save_json(message_id: int) -> ResponseReturnValue:
    try:
        message, catalog = queries.message_and_catalog(message_id)
    except OperationError as error:
        return _json_error(error)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error=_("The request must be a JSON object.")), 400
    forms = payload.get("translations")
    version = payload.get("version")
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms) \
            or not isinstance(version, int):
        return jsonify(error=_("Send translations (a list of strings) and a version.")), 400
    try:
        result = editing.save_translation(
            message, forms, version=version, actor=current_user, catalog=catalog
        )
    except editing.TranslationConflict as conflict:
        return jsonify(error=conflict.message, conflict=_conflict_json(conflict.current),
                       yours=conflict.yours), 409
    except OperationError as error:
        return _json_error(error)
    body = _message_json(result.message, catalog)
    body["findings"] = body["findings"] + glossary.warnings(catalog.locale_code, result.message)
    body["saved"] = result.saved
    body["draft_kept"] = bool(result.message.failing)
    return jsonify(body)


@requires(Permission.CATALOGS_REVIEW, scope=catalog_scopes.message_locale())
def review_json(message_id: int) -> ResponseReturnValue:
    try:
        message, catalog = queries.message_and_catalog(message_id)
        payload = request.get_json(silent=True) or {}
        version = payload.get("version") if isinstance(payload, dict) else None
        editing.review(message, version=version if isinstance(version, int) else 0,
                          actor=current_user)
    except editing.TranslationConflict as conflict:
        return jsonify(error=conflict.message, conflict=_conflict_json(conflict.current)), 409
    except OperationError as error:
        return _json_error(error)
    return jsonify(_message_json(message, catalog))


@requires(Permission.CATALOGS_READ, scope=catalog_scopes.message_locale())
def panel_json(message_id: int) -> ResponseReturnValue:
    try:
        message, catalog = queries.message_and_catalog(message_id)
    except OperationError as error:
        return _json_error(error)
    answer = panel(message, catalog)
    answer["html"] = render_template(
        "catalogs/panel/_sections.html", panel=answer, panel_sections=PANEL_SECTIONS,
        catalog=catalog, can_manage=current_user.can(Permission.CATALOGS_MANAGE))
    return jsonify(answer)
