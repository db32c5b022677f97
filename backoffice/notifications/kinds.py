"""Every kind of notification: its name for people, and its sentence.

A notification stores only its kind and plain parameters; the sentence is rendered when
it is read or mailed, in the reader's language. Parameters never hold a secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.labels import stage_label


@dataclass(frozen=True)
class Kind:
    label: Any  # lazy string: the kind's name in preferences and mail subjects
    text: Any  # lazy string with %(name)s parameters


APPROVAL_WAITING = "approval_waiting"
REQUEST_APPROVED = "request_approved"
REQUEST_REFUSED = "request_refused"
MENTION = "mention"
CATALOG_COMPLETE = "catalog_complete"
CATALOG_BELOW_GATE = "catalog_below_gate"
MOVE_DONE = "move_done"
HEALTH_FAILED = "health_failed"
COUNTRY_AT_RISK = "country_at_risk"
TARGET_SLIPPED = "target_slipped"
PAYMENTS_DEGRADED = "payments_degraded"
PLAYBOOK_OVERDUE = "playbook_overdue"

KINDS: dict[str, Kind] = {
    APPROVAL_WAITING: Kind(
        _l("Approval waiting for you"),
        _l("%(requester)s asks to switch online payment on in %(country)s: %(reason)s")),
    REQUEST_APPROVED: Kind(
        _l("Your request was approved"),
        _l("%(decider)s approved your request to switch online payment on in %(country)s.")),
    REQUEST_REFUSED: Kind(
        _l("Your request was refused"),
        _l("%(decider)s refused your request to switch online payment on in %(country)s: "
           "%(note)s")),
    MENTION: Kind(
        _l("Mention or question"),
        _l("%(author)s mentioned you: %(excerpt)s")),
    CATALOG_COMPLETE: Kind(
        _l("Catalog complete"),
        _l("%(locale)s %(domain)s is complete: %(total)d of %(total)d messages translated.")),
    CATALOG_BELOW_GATE: Kind(
        _l("Catalog below its gate again"),
        _l("%(locale)s %(domain)s is below its gate again: %(percent)d %% translated, "
           "%(needed)d %% needed.")),
    MOVE_DONE: Kind(
        _l("Scheduled move done"),
        _l("%(country)s moved to %(stage)s as scheduled.")),
    HEALTH_FAILED: Kind(
        _l("Health check failed"),
        _l("The daily Adyen health check of %(country)s failed: %(error)s")),
    COUNTRY_AT_RISK: Kind(
        _l("Country at risk"),
        _l("%(country)s is at risk: %(reasons)s")),
    TARGET_SLIPPED: Kind(
        _l("Target date at risk"),
        _l("%(locale)s reaches %(needed)d %% around %(forecast_date)s at the current pace; "
           "the %(target_date)s target is at risk.")),
    PAYMENTS_DEGRADED: Kind(
        _l("Payments failing"),
        _l("Authorisations in %(country)s: %(successes)d of %(volume)d succeeded (%(ratio)d "
           "%%) over the last %(minutes)d minutes, below the %(threshold)d %% threshold. "
           "%(action)s")),
    PLAYBOOK_OVERDUE: Kind(
        _l("Playbook task overdue"),
        _l("%(country)s: the playbook task \"%(task)s\" was due on %(due_date)s and is not "
           "done.")),
}

ACTION_TEXTS = {
    "alert": _l("Check the payments of this country."),
    "propose": _l("The kill switch is proposed: open the country's payment page to turn "
                  "online payment off."),
    "kill": _l("Online payment was turned off with the kill switch."),
}


def _shown(name: str, value: Any) -> Any:
    if name == "stage" and isinstance(value, str):
        return stage_label(value)
    if name.endswith("_date") and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value), "d MMMM")
        except ValueError:
            return value
    if name == "action" and value in ACTION_TEXTS:
        return str(ACTION_TEXTS[value])
    return value


class _Lenient(dict[str, Any]):
    """Parameters for a sentence; one missing (an older notification) shows as "?"."""

    def __missing__(self, key: str) -> Any:
        return "?"


def render(kind: str, params: Mapping[str, Any]) -> str:
    """The notification's sentence in the current language."""
    entry = KINDS.get(kind)
    if entry is None:
        return kind
    values = _Lenient({name: _shown(name, value) for name, value in params.items()})
    try:
        return str(entry.text) % values
    except (TypeError, ValueError):
        return str(entry.label)


def label(kind: str) -> str:
    entry = KINDS.get(kind)
    return str(entry.label) if entry else kind
