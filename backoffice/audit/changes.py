"""An audit event's before and after, field by field, as a person reads them.

Values are shown as text (never JSON with ``\\u0105`` escapes); ids such as stages go
through their labels; two texts are compared word by word, the removed words marked
``<del>`` and the added ones ``<ins>`` (everything else escaped).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.labels import (
    change_status_label,
    payment_label,
    payment_request_label,
    stage_label,
)
from backoffice.payments.labels import method_label

FIELD_LABELS: dict[str, object] = {
    "translations": _l("Translation"),
    "state": _l("State"),
    "stage": _l("Stage"),
    "from_stage": _l("From stage"),
    "to_stage": _l("To stage"),
    "target": _l("Target"),
    "payment": _l("Online payment"),
    "status": _l("Status"),
    "methods": _l("Payment methods"),
    "currency": _l("Currency"),
    "timezone": _l("Time zone"),
    "locales": _l("Locales"),
    "owner": _l("Owner"),
    "notes": _l("Notes"),
    "country": _l("Country"),
    "role": _l("Role"),
    "email": _l("Email"),
    "language": _l("Language"),
    "reason": _l("Reason"),
    "target_date": _l("Target date"),
    "threshold": _l("Threshold"),
    "charset": _l("Character set"),
    "file": _l("File"),
    "mode": _l("Mode"),
    "messages": _l("Messages"),
    "changed": _l("Changed"),
    "skipped": _l("Skipped"),
    "ok": _l("Succeeded"),
    "rate": _l("Rate"),
    "second_factor": _l("Authenticator"),
    "age_bands": _l("Age bands"),
    "driver_share": _l("Driver share"),
    "passenger_share": _l("Passenger share"),
    "max_seats_per_ride": _l("Max seats per ride"),
    "live_endpoint_prefix": _l("Live endpoint prefix"),
    "merchant_account": _l("Merchant account"),
    "requested_by": _l("Requested by"),
    "active": _l("Active"),
    "amount": _l("Amount"),
    "budget": _l("Budget"),
    "audience": _l("Audience"),
    "channel": _l("Channel"),
    "countries": _l("Countries"),
    "name": _l("Name"),
    "code": _l("Code"),
    "locale": _l("Locale"),
    "domain": _l("Domain"),
    "period": _l("Period"),
    "platform": _l("Platform"),
    "providers": _l("Providers"),
    "documents": _l("Documents"),
    "version": _l("Version"),
    "expires": _l("Expires"),
    "note": _l("Note"),
    "webhook_hmac_key": _l("Webhook HMAC key"),
    "from": _l("From"),
    "to": _l("To"),
    "kind": _l("Kind of change"),
    "launch_stage": _l("Launch stage"),
    "local_time": _l("Local time"),
    "parent": _l("Parent locale"),
    "required_for_drivers": _l("Required for drivers"),
    "required_for_passengers": _l("Required for passengers"),
    "title": _l("Title"),
    "tasks": _l("Tasks"),
    "task": _l("Task"),
    "required": _l("Required"),
    "key": _l("Key"),
    "enabled": _l("Enabled"),
    "due_date": _l("Due date"),
    "offset_days": _l("Days after the start"),
    "position": _l("Position"),
    "expected_load": _l("Expected load"),
    "load_label": _l("What the load counts"),
    "hours_needed": _l("Moderation hours needed"),
    "hours_per_thousand": _l("Moderation hours per 1,000"),
    "severity": _l("If the coverage falls short"),
    "similar_to": _l("Similar countries"),
    "value": _l("Value"),
    "source": _l("Source"),
    "as_of": _l("As of"),
    "error": _l("Error"),
    "provider": _l("Provider"),
    "server_url": _l("Server URL"),
}

_MESSAGE_STATES = {
    "untranslated": _l("Untranslated"),
    "draft": _l("Draft"),
    "translated": _l("Translated"),
    "reviewed": _l("Reviewed"),
}


def _status(value: str) -> str:
    """A payment change request's status, else a scheduled change's."""
    from backoffice.playbook.labels import status_label

    for labeller in (payment_request_label, change_status_label, status_label):
        label = labeller(value)
        if label != value:
            return label
    return value


def _stage_or_payment(value: str) -> str:
    label = stage_label(value)
    return payment_label(value) if label == value else label


def _document(value: str) -> str:
    from backoffice.idchecks.forms import DOCUMENT_LABELS

    return str(DOCUMENT_LABELS.get(value, value))


_KINDS = {"stage": _l("Stage"), "payment": _l("Online payment")}

# Fields whose values are ids: shown through their labels.
VALUE_LABELS: dict[str, Callable[[str], str]] = {
    "stage": stage_label, "from_stage": stage_label, "to_stage": stage_label,
    "launch_stage": stage_label, "from": _stage_or_payment, "to": _stage_or_payment,
    "target": stage_label, "payment": payment_label, "status": _status,
    "state": lambda value: str(_MESSAGE_STATES.get(value, value)),
    "documents": _document, "kind": lambda value: str(_KINDS.get(value, value)),
    "methods": lambda value: method_label(value),
}

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: Markup
    after: Markup
    # Values as people entered them (notes, names, translations): not the console's words.
    data: bool = False


def field_label(name: str) -> str:
    from backoffice.opportunities.ranking import BY_KEY

    label = FIELD_LABELS.get(name) or getattr(BY_KEY.get(name), "label", None)
    return str(label) if label else name.replace("_", " ").capitalize()


def as_text(name: str, value: Any) -> str:
    """One value as text in the reader's language."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        labeller = VALUE_LABELS.get(name)
        return labeller(value) if labeller else value
    if isinstance(value, list):
        return " | ".join(as_text(name, item) for item in value)
    if isinstance(value, dict):
        return " · ".join(_("%(label)s: %(value)s", label=field_label(key),
                              value=as_text(key, item)) for key, item in value.items())
    return str(value)


def _shown(name: str, value: Any) -> Markup:
    """A value as escaped HTML; in a dict, the texts people entered (a source) marked so."""
    if not isinstance(value, dict) or not value:
        return escape(as_text(name, value))
    parts = []
    for key, item in value.items():
        text = as_text(key, item)
        shown = (Markup('<span translate="no">%s</span>') % text
                 if isinstance(item, str) and key not in VALUE_LABELS and text != "—"
                 else escape(text))
        parts.append(escape(_("%(label)s: %(value)s", label=field_label(key), value="\x00"))
                     .replace("\x00", shown))
    return Markup(" · ").join(parts)


def text_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """``old`` and ``new`` with the words removed and added marked (the rest escaped)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    before, after = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            before.append(removed)
            after.append(added)
            continue
        if removed:
            before.append(Markup("<del>%s</del>") % removed)
        if added:
            after.append(Markup("<ins>%s</ins>") % added)
    return Markup("").join(before), Markup("").join(after)


def _is_text(name: str, value: Any) -> bool:
    if name in VALUE_LABELS:
        return False
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value))


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*before, *after]))
    changes = []
    for name in names:
        old, new = before.get(name), after.get(name)
        old_text, new_text = as_text(name, old), as_text(name, new)
        if (name in before and name in after and _is_text(name, old) and _is_text(name, new)
                and old_text != new_text):
            shown_old, shown_new = text_diff(old_text, new_text)
        else:
            shown_old = _shown(name, old) if name in before else Markup("")
            shown_new = _shown(name, new) if name in after else Markup("")
        data = name not in VALUE_LABELS and not any(
            isinstance(value, bool | dict) for value in (old, new))
        changes.append(FieldChange(field_label(name), shown_old, shown_new, data))
    return changes
