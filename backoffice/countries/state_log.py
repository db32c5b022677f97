"""Writing a country's state: every change of either half goes through here, audited.

Which changes are allowed is decided by the launch pipeline (moves) and by finance
(payment); this module records them in the country's state log (``StateChange``) and keeps
the recorded state in step. Before a new change, ``catch_up`` writes down the changes
already due, so the new one starts from the state readers see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from backoffice.audit import operations as audit
from backoffice.core.db import db, rows_changed, utcnow
from backoffice.core.errors import ConflictError, NotFoundError
from backoffice.countries.models import (
    ChangeKind,
    ChangeStatus,
    Country,
    StateChange,
)
from backoffice.countries.state import CountryState, is_due, resolve, state_of


def _half(kind: str) -> str:
    return "recorded_payment" if kind == ChangeKind.PAYMENT else "recorded_stage"


def _audit_effect(country: Country, before: CountryState, change: StateChange,
                  reason: str | None, actor: Any) -> None:
    after = resolve(country.code, country.recorded_stage, country.recorded_payment, (),
                    change.effective_at)
    audit.record(
        "country.stage_changed", "country", country.code,
        before={"stage": before.public_stage, "launch_stage": before.stage,
                "payment": before.payment},
        after={"stage": after.public_stage, "launch_stage": after.stage,
               "payment": after.payment},
        reason=reason, country_code=country.code, actor=actor,
    )


def _take(country: Country, change: StateChange, *, reason: str | None, actor: Any) -> None:
    before = resolve(country.code, country.recorded_stage, country.recorded_payment, (),
                     change.effective_at)
    # The state is not configuration: its history is the state log, not the versions.
    setattr(country, _half(change.kind), change.to_stage)
    db.session.flush()
    _audit_effect(country, before, change, reason, actor)


def catch_up(country: Country, now: datetime | None = None) -> CountryState:
    """Write down the changes due by ``now``; return the state, now all recorded.

    Safe when several app servers do it at once: a change is marked applied only by the
    one whose update finds it still scheduled.
    """
    now = now or utcnow()
    state = state_of(country, now)
    for change in state.taken:
        if _claim(change, ChangeStatus.APPLIED):
            _take(country, change, actor=None,
                  reason=change.reason or _("scheduled change"))
    for change in state.skipped:
        if _claim(change, ChangeStatus.SKIPPED):
            audit.record("country.change_skipped", "country", country.code,
                         before={"change": change.id, "from": change.from_stage,
                                 "to": change.to_stage},
                         reason=change.reason, country_code=country.code)
    return state


def _claim(change: StateChange, status: ChangeStatus) -> bool:
    result = db.session.execute(
        update(StateChange)
        .where(StateChange.id == change.id, StateChange.status == ChangeStatus.SCHEDULED)
        .values(status=status.value)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(change)
    return rows_changed(result) == 1


def apply_now(country: Country, kind: ChangeKind, to: str, *, reason: str | None,
              actor: Any = None, payment_request_id: int | None = None,
              now: datetime | None = None) -> StateChange:
    """Record a change that takes effect at once (the caller decided it is allowed)."""
    now = now or utcnow()
    change = StateChange(
        country_code=country.code, kind=kind.value, from_stage=getattr(country, _half(kind)),
        to_stage=str(to), effective_at=now, status=ChangeStatus.APPLIED.value,
        requested_by_id=getattr(actor, "id", None), reason=reason,
        payment_request_id=payment_request_id,
    )
    db.session.add(change)
    db.session.flush()
    _take(country, change, reason=reason, actor=actor)
    return change


def schedule(country: Country, kind: ChangeKind, from_value: str, to: str, when: datetime, *,
             local_time: str | None, reason: str | None, actor: Any = None,
             payment_request_id: int | None = None) -> StateChange:
    """Record a change that takes effect at ``when`` (readers resolve it from then on)."""
    change = StateChange(
        country_code=country.code, kind=kind.value, from_stage=str(from_value),
        to_stage=str(to), effective_at=when, local_time=local_time,
        status=ChangeStatus.SCHEDULED.value, requested_by_id=getattr(actor, "id", None),
        reason=reason, payment_request_id=payment_request_id,
    )
    db.session.add(change)
    db.session.flush()
    audit.record("country.change_scheduled", "country", country.code,
                 after={"kind": kind.value, "from": str(from_value), "to": str(to),
                        "at": when.isoformat(), "local_time": local_time,
                        "timezone": country.timezone, "change": change.id},
                 reason=reason, country_code=country.code, actor=actor)
    return change


def get_change(country: Country, change_id: int) -> StateChange:
    change = db.session.get(StateChange, change_id)
    if change is None or change.country_code != country.code:
        raise NotFoundError(_("No such scheduled change."))
    return change


def cancel(change: StateChange, *, reason: str, actor: Any = None,
           now: datetime | None = None) -> None:
    """Cancel a change still to come. A due change is history: going back is a new move."""
    now = now or utcnow()
    if is_due(change, now) or change.status != ChangeStatus.SCHEDULED:
        raise ConflictError(_(
            "This change took effect at %(time)s UTC and can no longer be cancelled; to go "
            "back, make a new move.", time=change.effective_at.strftime("%Y-%m-%d %H:%M"))
            if change.status in (ChangeStatus.SCHEDULED, ChangeStatus.APPLIED)
            else _("This change is %(status)s already; nothing was changed.",
                   status=change.status))
    change.status = ChangeStatus.CANCELLED.value
    change.cancelled_at = now
    change.cancelled_by_id = getattr(actor, "id", None)
    change.cancel_reason = reason
    db.session.flush()
    audit.record("country.change_cancelled", "country", change.country_code,
                 before={"kind": change.kind, "to": change.to_stage,
                         "at": change.effective_at.isoformat(), "change": change.id},
                 reason=reason, country_code=change.country_code, actor=actor)


def scheduled(country: Country, kind: ChangeKind | None = None) -> list[StateChange]:
    """The country's changes still scheduled (due ones included, until written down)."""
    query = select(StateChange).where(StateChange.country_code == country.code,
                                      StateChange.status == ChangeStatus.SCHEDULED)
    if kind is not None:
        query = query.where(StateChange.kind == kind.value)
    return list(db.session.scalars(query.order_by(StateChange.effective_at, StateChange.id)))


def history(country: Country, limit: int = 100) -> list[StateChange]:
    """The country's state log, newest first."""
    return list(db.session.scalars(
        select(StateChange).where(StateChange.country_code == country.code)
        .order_by(StateChange.effective_at.desc(), StateChange.id.desc()).limit(limit)))


def apply_due(now: datetime | None = None) -> list[StateChange]:
    """Write down every change due by ``now`` (idempotent; readers already see them)."""
    now = now or utcnow()
    codes = list(dict.fromkeys(db.session.scalars(
        select(StateChange.country_code).where(
            StateChange.status == ChangeStatus.SCHEDULED, StateChange.effective_at <= now)
        .order_by(StateChange.effective_at))))
    written: list[StateChange] = []
    for code in codes:
        country = db.session.get(Country, code)
        if country is not None:
            state = catch_up(country, now)
            written.extend(state.taken)
    return written
