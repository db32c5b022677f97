"""Switching online payment on (four eyes, optionally scheduled) and off (kill switch).

Finance decides here; the country's state log records the effect
(``backoffice.countries.state_log``). A scheduled switch-on needs no timer: readers resolve
it when they read (``backoffice.countries.state``), so the client API reflects it at the
minute; ``apply_due_changes`` writes down what is due (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.localtime import wall_clock_to_utc
from backoffice.countries import state_log
from backoffice.countries.models import ChangeKind, Country, Payment, Stage, StateChange
from backoffice.countries.queries import get_country
from backoffice.countries.state import state_of, upcoming
from backoffice.payments import signals
from backoffice.payments.gates import failing, payment_gates
from backoffice.payments.models import (
    OPEN_STATUSES,
    ChangeStatus,
    ConnectorCountry,
    PaymentChangeRequest,
)

if TYPE_CHECKING:
    from backoffice.accounts.models import User


@dataclass(frozen=True)
class PaymentState:
    """Online payment of a country as the client apps must see it at one instant."""

    enabled: bool
    methods: list[str] = field(default_factory=list)
    stage: str = ""
    payment: str = Payment.OFF.value
    # An approved switch-on still to come, if any.
    scheduled_at: datetime | None = None


# --- reading ---------------------------------------------------------------------------


def effective_payment_state(country: Country, now: datetime | None = None) -> PaymentState:
    """What the client API shows: on only when live with payment on, at ``now``."""
    now = now or utcnow()
    state = state_of(country, now)
    coming = upcoming(now, codes=[country.code], limit=10)
    switch_on = next((c for c in coming if c.kind == ChangeKind.PAYMENT), None)
    link = db.session.scalar(
        select(ConnectorCountry).where(ConnectorCountry.country_code == country.code))
    methods = list(link.methods) if link and state.online_payment else []
    return PaymentState(state.online_payment, methods, state.public_stage, state.payment,
                        switch_on.effective_at if switch_on else None)


def killable(country: Country, now: datetime | None = None) -> bool:
    """Whether the kill switch has something to turn off: payment on, or on its way."""
    return (state_of(country, now).payment_on or bool(_open_requests(country))
            or bool(state_log.scheduled(country, ChangeKind.PAYMENT)))


def approved_switch_ons(now: datetime | None = None, *, limit: int = 50) -> list[StateChange]:
    """Approved switch-ons still to take effect, soonest first, across countries."""
    return [c for c in upcoming(now, limit=limit) if c.kind == ChangeKind.PAYMENT]


def list_changes(country_code: str | None = None, limit: int = 100) -> list[PaymentChangeRequest]:
    query = select(PaymentChangeRequest).order_by(
        PaymentChangeRequest.requested_at.desc(), PaymentChangeRequest.id.desc()
    )
    if country_code:
        query = query.where(PaymentChangeRequest.country_code == country_code)
    return list(db.session.scalars(query.limit(limit)))


def get_change(change_id: int) -> PaymentChangeRequest:
    change = db.session.get(PaymentChangeRequest, change_id)
    if change is None:
        raise NotFoundError(_("This change request does not exist."))
    return change


# --- scheduling in the country's time zone ---------------------------------------------


def local_to_utc(
    country: Country, day: date, at: time, now: datetime | None = None
) -> tuple[datetime, str]:
    """When a switch-on scheduled for a local time happens (see ``wall_clock_to_utc``)."""
    return wall_clock_to_utc(country, day, at, now=now, field="effective_at")


# --- writing ---------------------------------------------------------------------------


def _open_requests(country: Country) -> list[PaymentChangeRequest]:
    return list(db.session.scalars(select(PaymentChangeRequest).where(
        PaymentChangeRequest.country_code == country.code,
        PaymentChangeRequest.status.in_(OPEN_STATUSES))))


def request_payments_on(
    country: Country, requester: User, *, reason: str = "",
    effective_at: datetime | None = None, effective_local: str | None = None,
) -> PaymentChangeRequest:
    """Ask for a second person to switch online payment on (now or at ``effective_at``)."""
    now = utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Say why online payment should be switched on."), "reason")
    state = state_log.catch_up(country, now)
    if state.payment_on:
        raise OperationError(_("Online payment is already on for %(code)s.", code=country.code))
    open_request = next(iter(_open_requests(country)), None)
    if open_request is not None:
        raise ConflictError(_(
            "A change request for %(code)s is already open (#%(id)d); approve, reject or "
            "kill it first.", code=country.code, id=open_request.id))
    if state_log.scheduled(country, ChangeKind.PAYMENT):
        raise ConflictError(_(
            "Online payment for %(code)s is already approved to switch on later; kill it "
            "first to ask for another time.", code=country.code))
    if effective_at is not None and effective_at <= now:
        raise OperationError(_("The scheduled time is in the past."), "effective_at")
    change = PaymentChangeRequest(
        country_code=country.code,
        status=ChangeStatus.PENDING.value,
        reason=reason,
        requested_by_id=requester.id,
        requested_at=now,
        effective_at=effective_at,
        effective_local=effective_local,
    )
    db.session.add(change)
    db.session.flush()
    audit.record(
        "payments.change_requested", "payment_change", change.id,
        after={"country": country.code, "target": Stage.PAYMENTS_LIVE.value,
               "effective_at": effective_at.isoformat() if effective_at else None,
               "effective_local": effective_local},
        reason=change.reason, country_code=country.code, actor=requester,
    )
    signals.change_requested.send(change)
    return change


def _open_or_refuse(change: PaymentChangeRequest) -> None:
    if change.status != ChangeStatus.PENDING:
        raise ConflictError(_(
            "This change request is %(status)s already; nothing was changed.",
            status=change.status))


def approve_change(
    change: PaymentChangeRequest, approver: User, *, note: str = "",
    now: datetime | None = None,
) -> PaymentChangeRequest:
    """Four eyes: another person approves, and only while every payment gate holds.

    This is the only way online payment is ever switched on: now, or at the requested
    time through the country's state log.
    """
    now = now or utcnow()
    _open_or_refuse(change)
    if getattr(approver, "id", None) == change.requested_by_id:
        raise OperationError(_(
            "You requested this change, so another finance user must approve it (four-eyes "
            "rule)."))
    country = get_country(change.country_code)
    state = state_log.catch_up(country, now)
    blocking = failing(payment_gates(country, now, include_approval=False, state=state))
    if blocking:
        raise OperationError(_(
            "Online payment cannot be approved for %(code)s while these gates fail: %(gates)s",
            code=country.code, gates=" ".join(gate.message for gate in blocking)))
    if change.effective_at is not None and change.effective_at <= now:
        change.effective_at = None  # the scheduled time went by while waiting: apply now
    change.status = ChangeStatus.APPROVED.value
    change.decided_by_id = approver.id
    change.decided_at = now
    change.decision_note = (note or "").strip() or None
    db.session.flush()
    audit.record(
        "payments.change_approved", "payment_change", change.id,
        before={"status": ChangeStatus.PENDING.value},
        after={"status": ChangeStatus.APPROVED.value,
               "requested_by": change.requested_by.email,
               "effective_at": change.effective_at.isoformat() if change.effective_at else None},
        reason=change.decision_note, country_code=country.code, actor=approver,
    )
    why = _("Online payment switched on (change request #%(id)d).", id=change.id)
    if change.effective_at is None:
        state_log.apply_now(country, ChangeKind.PAYMENT, Payment.ON, reason=why, actor=approver,
                            payment_request_id=change.id, now=now)
        change.applied_at = now
    else:
        state_log.schedule(country, ChangeKind.PAYMENT, state.payment, Payment.ON,
                           change.effective_at, local_time=change.effective_local, reason=why,
                           actor=approver, payment_request_id=change.id)
    db.session.flush()
    signals.change_decided.send(change, by=approver)
    return change


def reject_change(
    change: PaymentChangeRequest, decider: User, *, note: str
) -> PaymentChangeRequest:
    _open_or_refuse(change)
    note = (note or "").strip()
    if not note:
        raise OperationError(_("Say why the request is rejected."), "note")
    change.status = ChangeStatus.REJECTED.value
    change.decided_by_id = decider.id
    change.decided_at = utcnow()
    change.decision_note = note
    db.session.flush()
    audit.record(
        "payments.change_rejected", "payment_change", change.id,
        before={"status": ChangeStatus.PENDING.value},
        after={"status": ChangeStatus.REJECTED.value},
        reason=note, country_code=change.country_code, actor=decider,
    )
    signals.change_decided.send(change, by=decider)
    return change


def withdraw_request(change: PaymentChangeRequest, requester: User, *, reason: str = ""
                     ) -> PaymentChangeRequest:
    """The requester takes back a request nobody has decided yet."""
    _open_or_refuse(change)
    if getattr(requester, "id", None) != change.requested_by_id:
        raise OperationError(_("Only the person who asked can withdraw this request."))
    change.status = ChangeStatus.CANCELLED.value
    change.decided_by_id = requester.id
    change.decided_at = utcnow()
    change.decision_note = (reason or "").strip() or _("Withdrawn by the requester.")
    db.session.flush()
    audit.record(
        "payments.change_withdrawn", "payment_change", change.id,
        before={"status": ChangeStatus.PENDING.value},
        after={"status": ChangeStatus.CANCELLED.value},
        reason=change.decision_note, country_code=change.country_code, actor=requester,
    )
    signals.change_decided.send(change, by=requester)
    return change


def apply_due_changes(now: datetime | None = None) -> list[StateChange]:
    """Write down the state changes that are due. Running it twice changes nothing."""
    return state_log.apply_due(now)


def kill_payments(country: Country, actor: object, *, reason: str) -> Country:
    """Turn online payment off at once, in any stage, and cancel whatever would turn it on.

    Pending and approved requests are cancelled, with their scheduled switch-ons; a paused
    country keeps its pause, and comes back live without payment.
    """
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("A reason is required to turn online payment off."), "reason")
    now = utcnow()
    state = state_log.catch_up(country, now)
    open_changes = _open_requests(country)
    switch_ons = state_log.scheduled(country, ChangeKind.PAYMENT)
    if not state.payment_on and not open_changes and not switch_ons:
        raise OperationError(_(
            "Online payment is not on for %(code)s, and nothing is scheduled.",
            code=country.code))
    for change in open_changes:
        change.status = ChangeStatus.CANCELLED.value
        change.decided_by_id = getattr(actor, "id", None)  # None: the payment watch fired it
        change.decided_at = now
        change.decision_note = reason
    for switch_on in switch_ons:
        state_log.cancel(switch_on, reason=reason, actor=actor, now=now)
        approved = db.session.get(PaymentChangeRequest, switch_on.payment_request_id or 0)
        if approved is not None:
            approved.status = ChangeStatus.CANCELLED.value
            approved.decision_note = reason
            open_changes.append(approved)
    if state.payment_on:
        state_log.apply_now(country, ChangeKind.PAYMENT, Payment.KILLED, reason=reason,
                            actor=actor, now=now)
    db.session.flush()
    audit.record(
        "payments.killed", "country", country.code,
        before={"stage": state.public_stage, "payment": state.payment},
        after={"stage": state_of(country, now).public_stage, "payment": country.recorded_payment,
               "cancelled_requests": [c.id for c in open_changes]},
        reason=reason, country_code=country.code, actor=actor,
    )
    return country
