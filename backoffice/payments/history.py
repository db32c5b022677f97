"""A country's online payment as a story: who asked, who approved, when it came on, who
killed it and why; and what each change request came to, kills included.

Read from the change requests and the country's state log (``StateChange`` rows of kind
``payment``), the records that decide the state: nothing here is stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit.models import AuditEvent
from backoffice.core.db import db
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.models import ChangeKind, Country, Payment, StateChange
from backoffice.countries.models import ChangeStatus as LogStatus
from backoffice.payments.models import ChangeStatus, PaymentChangeRequest

# What a change request came to, as its list shows it.
OUTCOME_LABELS = {
    "pending": _l("waiting for approval"),
    "approved": _l("approved"),
    "scheduled": _l("approved, switches on later"),
    "on": _l("on"),
    "killed": _l("on, then killed"),
    "rejected": _l("rejected"),
    "cancelled": _l("cancelled"),
    "killed_before": _l("cancelled by the kill switch"),
}

EVENT_LABELS = {
    "requested": _l("Requested"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "cancelled": _l("Cancelled"),
    "kill_cancelled": _l("Cancelled by the kill switch"),
    "scheduled": _l("Scheduled"),
    "on": _l("Switched on"),
    "killed": _l("Killed"),
}


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # a key of EVENT_LABELS
    who: str  # an e-mail, or "" when nobody (the payment watch)
    why: str
    request_id: int | None = None

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])


def _log(country_code: str) -> list[StateChange]:
    return list(db.session.scalars(
        select(StateChange)
        .where(StateChange.country_code == country_code,
               StateChange.kind == ChangeKind.PAYMENT)
        .order_by(StateChange.effective_at, StateChange.id)))


def _cancelled_by_kills(country_code: str) -> set[int]:
    """Requests the kill switch cancelled, as its audit events say (they name them)."""
    found: set[int] = set()
    for after in db.session.scalars(select(AuditEvent.after).where(
            AuditEvent.action == "payments.killed", AuditEvent.object_type == "country",
            AuditEvent.object_id == country_code)):
        found.update(i for i in (after or {}).get("cancelled_requests", []) if isinstance(i, int))
    return found


def outcome(change: PaymentChangeRequest, log: list[StateChange] | None = None,
            killed: set[int] | None = None) -> str:
    """A key of OUTCOME_LABELS: what the request came to, as things stand."""
    log = _log(change.country_code) if log is None else log
    if change.status == ChangeStatus.CANCELLED:
        killed = _cancelled_by_kills(change.country_code) if killed is None else killed
        return "killed_before" if change.id in killed else "cancelled"
    if change.status != ChangeStatus.APPROVED:
        return str(change.status)
    switch_on = next((c for c in log if c.payment_request_id == change.id), None)
    if switch_on is None:
        return "approved"
    if switch_on.status == LogStatus.SCHEDULED:
        return "scheduled"
    if switch_on.status != LogStatus.APPLIED:
        return "cancelled"
    later = [c for c in log if c.effective_at >= switch_on.effective_at and c.id != switch_on.id
             and c.status == LogStatus.APPLIED]
    return "killed" if any(c.to_stage == Payment.KILLED for c in later) else "on"


def outcomes(requests: list[PaymentChangeRequest]) -> dict[int, str]:
    """``{request id: outcome}`` for a list of requests, reading each country's log once."""
    logs: dict[str, tuple[list[StateChange], set[int]]] = {}
    found = {}
    for change in requests:
        code = change.country_code
        if code not in logs:
            logs[code] = (_log(code), _cancelled_by_kills(code))
        found[change.id] = outcome(change, *logs[code])
    return found


def outcome_label(key: str) -> str:
    return str(OUTCOME_LABELS.get(key, key))


def events(country: Country, limit: int = 50) -> list[Event]:
    """The country's payment history, newest first."""
    found: list[Event] = []
    requests = db.session.scalars(
        select(PaymentChangeRequest).where(PaymentChangeRequest.country_code == country.code))
    killed = _cancelled_by_kills(country.code)
    for change in requests:
        found.append(Event(change.requested_at, "requested", change.requested_by.email,
                           change.reason or "", change.id))
        if change.decided_at is not None and change.status != ChangeStatus.PENDING:
            kind = {"approved": "approved", "rejected": "rejected"}.get(
                change.status, "kill_cancelled" if change.id in killed else "cancelled")
            found.append(Event(change.decided_at, kind,
                               change.decided_by.email if change.decided_by else "",
                               change.decision_note or "", change.id))
    for entry in _log(country.code):
        if entry.status == LogStatus.APPLIED and entry.to_stage in (Payment.ON, Payment.KILLED):
            kind = "on" if entry.to_stage == Payment.ON else "killed"
            who = entry.requested_by.email if entry.requested_by else ""
            found.append(Event(entry.effective_at, kind, who,
                               entry.reason or "", entry.payment_request_id))
        elif entry.status == LogStatus.SCHEDULED:
            found.append(Event(entry.effective_at, "scheduled", "", entry.local_time or "",
                               entry.payment_request_id))
    found.sort(key=lambda e: (e.at, list(EVENT_LABELS).index(e.kind)), reverse=True)
    return found[:limit]


def who_text(event: Event) -> str:
    return event.who or _("the payment watch")


__all__ = ["Event", "events", "outcome", "outcome_label", "outcomes", "who_text"]
