"""Switching online payment on (four eyes, optionally scheduled) and off (kill switch).

A scheduled change needs no timer: ``effective_payment_state`` resolves it when read, so
the client API reflects it at the minute; ``apply_due_changes`` persists what is due
(idempotent; ``backoffice payments apply-due`` runs it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.localtime import wall_clock_to_utc
from backoffice.countries.models import Country, Stage
from backoffice.payments.gates import failing, payment_gates
from backoffice.payments.models import (
    OPEN_STATUSES,
    ChangeStatus,
    ConnectorCountry,
    PaymentChangeRequest,
)


@dataclass(frozen=True)
class PaymentState:
    """Online payment of a country as the client apps must see it at one instant."""

    enabled: bool
    methods: list[str] = field(default_factory=list)
    stage: str = ""
    # An approved change still to come, if any.
    scheduled_at: datetime | None = None


# --- reading ---------------------------------------------------------------------------


def _approved_change(country: Country, now: datetime, *, due: bool
                     ) -> PaymentChangeRequest | None:
    """The earliest approved change of the country already due at ``now``, or still to come."""
    when = PaymentChangeRequest.effective_at
    return db.session.scalar(
        select(PaymentChangeRequest)
        .where(
            PaymentChangeRequest.country_code == country.code,
            PaymentChangeRequest.status == ChangeStatus.APPROVED,
            when <= now if due else when > now,
        )
        .order_by(when).limit(1)
    )


def effective_stage(country: Country, now: datetime | None = None) -> str:
    """The stage with approved, due changes applied (without writing anything)."""
    now = now or utcnow()
    if country.stage == Stage.LIVE and _approved_change(country, now, due=True) is not None:
        return Stage.PAYMENTS_LIVE.value
    return country.stage


def effective_payment_state(country: Country, now: datetime | None = None) -> PaymentState:
    """What the client API shows: on only in ``payments_live``, scheduled changes resolved."""
    now = now or utcnow()
    stage = effective_stage(country, now)
    upcoming = _approved_change(country, now, due=False) if stage == Stage.LIVE else None
    if stage != Stage.PAYMENTS_LIVE:
        return PaymentState(False, [], stage, upcoming.effective_at if upcoming else None)
    link = db.session.scalar(
        select(ConnectorCountry).where(ConnectorCountry.country_code == country.code)
    )
    return PaymentState(True, list(link.methods) if link else [], stage)


def payment_is_on_or_scheduled(country: Country, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if effective_stage(country, now) == Stage.PAYMENTS_LIVE:
        return True
    return _approved_change(country, now, due=False) is not None


def approved_switch_ons(now: datetime | None = None, *, limit: int = 50
                        ) -> list[PaymentChangeRequest]:
    """Approved switch-ons still to take effect, soonest first, across countries (one query)."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(PaymentChangeRequest)
        .where(PaymentChangeRequest.status == ChangeStatus.APPROVED,
               PaymentChangeRequest.effective_at > now)
        .order_by(PaymentChangeRequest.effective_at, PaymentChangeRequest.id)
        .limit(limit)
    ))


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


def request_payments_on(
    country: Country, requester: object, *, reason: str = "",
    effective_at: datetime | None = None, effective_local: str | None = None,
) -> PaymentChangeRequest:
    """Ask for a second person to switch online payment on (now or at ``effective_at``)."""
    now = utcnow()
    if effective_stage(country, now) == Stage.PAYMENTS_LIVE:
        raise OperationError(_("Online payment is already on for %(code)s.", code=country.code))
    open_request = db.session.scalar(
        select(PaymentChangeRequest).where(
            PaymentChangeRequest.country_code == country.code,
            PaymentChangeRequest.status.in_(OPEN_STATUSES),
        )
    )
    if open_request is not None:
        raise ConflictError(_(
            "A change request for %(code)s is already open (#%(id)d); approve, reject or "
            "kill it first.", code=country.code, id=open_request.id))
    if effective_at is not None and effective_at <= now:
        raise OperationError(_("The scheduled time is in the past."), "effective_at")
    change = PaymentChangeRequest(
        country_code=country.code,
        status=ChangeStatus.PENDING.value,
        reason=(reason or "").strip(),
        requested_by_id=requester.id,  # type: ignore[attr-defined]
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
    return change


def _open_or_refuse(change: PaymentChangeRequest) -> None:
    if change.status != ChangeStatus.PENDING:
        raise ConflictError(_(
            "This change request is %(status)s already; nothing was changed.",
            status=change.status))


def approve_change(
    change: PaymentChangeRequest, approver: object, *, note: str = "",
    now: datetime | None = None,
) -> PaymentChangeRequest:
    """Four eyes: another person approves, and only while every payment gate holds."""
    now = now or utcnow()
    _open_or_refuse(change)
    if getattr(approver, "id", None) == change.requested_by_id:
        raise OperationError(_(
            "You requested this change, so another finance user must approve it (four-eyes "
            "rule)."))
    country = db.session.get(Country, change.country_code)
    if country is None:
        raise NotFoundError(_("This country does not exist."))
    blocking = failing(payment_gates(country, now, include_approval=False))
    if blocking:
        raise OperationError(_(
            "Online payment cannot be approved for %(code)s while these gates fail: %(gates)s",
            code=country.code, gates=" ".join(gate.message for gate in blocking)))
    if change.effective_at is not None and change.effective_at <= now:
        change.effective_at = None  # the scheduled time went by while waiting: apply now
    change.status = ChangeStatus.APPROVED.value
    change.decided_by_id = approver.id  # type: ignore[attr-defined]
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
    if change.effective_at is None:
        _apply(change, country, now, actor=approver)
    return change


def reject_change(
    change: PaymentChangeRequest, decider: object, *, note: str
) -> PaymentChangeRequest:
    _open_or_refuse(change)
    note = (note or "").strip()
    if not note:
        raise OperationError(_("Say why the request is rejected."), "note")
    change.status = ChangeStatus.REJECTED.value
    change.decided_by_id = decider.id  # type: ignore[attr-defined]
    change.decided_at = utcnow()
    change.decision_note = note
    db.session.flush()
    audit.record(
        "payments.change_rejected", "payment_change", change.id,
        before={"status": ChangeStatus.PENDING.value},
        after={"status": ChangeStatus.REJECTED.value},
        reason=note, country_code=change.country_code, actor=decider,
    )
    return change


def _apply(
    change: PaymentChangeRequest, country: Country, now: datetime, actor: object = None
) -> None:
    before = country.stage
    country.stage = Stage.PAYMENTS_LIVE.value
    country.version = (country.version or 0) + 1
    change.status = ChangeStatus.APPLIED.value
    change.applied_at = now
    db.session.flush()
    audit.record(
        "country.stage_changed", "country", country.code,
        before={"stage": before}, after={"stage": country.stage},
        reason=_("Online payment switched on (change request #%(id)d).", id=change.id),
        country_code=country.code, actor=actor,
    )


def apply_due_changes(now: datetime | None = None) -> list[PaymentChangeRequest]:
    """Persist approved changes whose time has come. Running it twice changes nothing."""
    now = now or utcnow()
    due = db.session.scalars(
        select(PaymentChangeRequest)
        .where(PaymentChangeRequest.status == ChangeStatus.APPROVED,
               PaymentChangeRequest.effective_at <= now)
        .order_by(PaymentChangeRequest.effective_at)
    )
    applied = []
    for change in list(due):
        country = db.session.get(Country, change.country_code)
        # Same rule as effective_stage: only a live country switches; a paused one waits.
        if country is not None and country.stage == Stage.LIVE:
            _apply(change, country, change.effective_at or now)
            applied.append(change)
    return applied


def kill_payments(country: Country, actor: object, *, reason: str) -> Country:
    """Turn online payment off at once: back to ``live``; scheduled switches are cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("A reason is required to turn online payment off."), "reason")
    now = utcnow()
    on = effective_stage(country, now) == Stage.PAYMENTS_LIVE
    open_changes = list(db.session.scalars(
        select(PaymentChangeRequest).where(
            PaymentChangeRequest.country_code == country.code,
            PaymentChangeRequest.status.in_(OPEN_STATUSES),
        )
    ))
    if not on and not open_changes:
        raise OperationError(_(
            "Online payment is not on for %(code)s, and nothing is scheduled.",
            code=country.code))
    for change in open_changes:
        change.status = ChangeStatus.CANCELLED.value
        change.decided_by_id = actor.id  # type: ignore[attr-defined]
        change.decided_at = now
        change.decision_note = reason
    before = country.stage
    if country.stage == Stage.PAYMENTS_LIVE:
        country.stage = Stage.LIVE.value
        country.version = (country.version or 0) + 1
    db.session.flush()
    audit.record(
        "payments.killed", "country", country.code,
        before={"stage": Stage.PAYMENTS_LIVE.value if on else before},
        after={"stage": country.stage, "cancelled_requests": [c.id for c in open_changes]},
        reason=reason, country_code=country.code, actor=actor,
    )
    return country
