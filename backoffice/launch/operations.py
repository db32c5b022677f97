"""Stage moves: immediate or scheduled, always through the gates, always audited."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.localtime import wall_clock_to_utc
from backoffice.countries.models import Country, Stage
from backoffice.launch.gates import Gate, blocking, gates_for
from backoffice.launch.models import ChangeStatus, StageChange

# Moves a launch manager may make. ``payments_live`` is reached only through the finance
# approval of a change request, and left through the kill switch (payments domain).
ALLOWED_MOVES: dict[str, set[str]] = {
    Stage.PLANNED: {Stage.TRANSLATING},
    Stage.TRANSLATING: {Stage.PLANNED, Stage.LIVE},
    Stage.LIVE: {Stage.TRANSLATING, Stage.PAUSED},
    Stage.PAYMENTS_LIVE: {Stage.PAUSED},
    Stage.PAUSED: set(),  # resume returns to the stage it was paused from
}
MANAGED_ELSEWHERE = {Stage.PAYMENTS_LIVE}
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"


class TransitionRefused(ConflictError):
    """The gates of the target stage do not hold; ``gates`` says which and why."""

    def __init__(self, message: str, gates: list[Gate]) -> None:
        super().__init__(message)
        self.gates = gates


def get_country(code: str) -> Country:
    country = db.session.get(Country, code) if code else None
    if country is None:
        raise NotFoundError(_("No country with the code %(code)s.", code=code))
    return country


def paused_from(country: Country) -> str | None:
    query = (
        select(StageChange.from_stage)
        .where(StageChange.country_code == country.code, StageChange.to_stage == Stage.PAUSED,
               StageChange.status == ChangeStatus.APPLIED)
        .order_by(StageChange.effective_at.desc(), StageChange.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def possible_moves(country: Country) -> list[str]:
    if country.stage == Stage.PAUSED:
        previous = paused_from(country)
        return [previous] if previous else [Stage.LIVE.value]
    return sorted(str(stage) for stage in ALLOWED_MOVES.get(country.stage, set()))


def parse_local_time(country: Country, text: str) -> datetime:
    """``YYYY-MM-DDTHH:MM`` in the country's zone, refused when past, missing or ambiguous."""
    try:
        naive = datetime.strptime(text.strip(), LOCAL_TIME_FORMAT)
    except ValueError:
        raise OperationError(
            _("Give the time as YYYY-MM-DDTHH:MM in the country's time zone."), "at"
        ) from None
    return wall_clock_to_utc(country, naive.date(), naive.time(), field="at")[0]


def check_move(country: Country, target: str, *, via_approval: bool = False) -> list[Gate]:
    """Refuse a move that is not allowed or whose gates fail; return the gates."""
    try:
        stage = Stage(target)
    except ValueError:
        raise OperationError(_('Unknown stage "%(stage)s".', stage=target), "stage") from None
    resuming = country.stage == Stage.PAUSED and stage.value in possible_moves(country)
    if stage in MANAGED_ELSEWHERE and not (via_approval or resuming):
        raise OperationError(
            _("Online payment is switched on through a change request approved by finance."),
            "stage",
        )
    if stage.value not in possible_moves(country) and not via_approval:
        raise ConflictError(
            _("A country cannot move from %(source)s to %(target)s.", source=country.stage,
              target=stage.value), "stage")
    gates = gates_for(country, stage)
    # Resuming returns a paused country to where it was: its gates held when it got there,
    # and a pause is an emergency stop that must be quick to undo.
    failing = [] if resuming else blocking(gates)
    if failing:
        raise TransitionRefused(
            _("%(code)s cannot move to %(target)s yet: %(why)s", code=country.code,
              target=stage.value, why=" ".join(g.message for g in failing)),
            gates,
        )
    return gates


def _apply(country: Country, target: str, *, reason: str | None, change: StageChange) -> None:
    before = country.stage
    country.stage = target
    change.status = ChangeStatus.APPLIED
    db.session.flush()
    audit.record("country.stage_changed", "country", country.code,
                 before={"stage": before}, after={"stage": target}, reason=reason,
                 country_code=country.code)


def move(country: Country, target: str, *, reason: str | None = None, at_local: str | None = None,
         via_approval: bool = False, actor_id: int | None = None) -> StageChange:
    """Move now, or schedule the move for ``at_local`` in the country's time zone."""
    when = parse_local_time(country, at_local) if at_local else None
    check_move(country, target, via_approval=via_approval)
    change = StageChange(
        country_code=country.code, from_stage=country.stage, to_stage=str(target),
        effective_at=when or utcnow(), local_time=at_local,
        status=ChangeStatus.SCHEDULED if when else ChangeStatus.APPLIED,
        requested_by_id=actor_id, reason=reason,
    )
    db.session.add(change)
    db.session.flush()
    if when is None:
        _apply(country, str(target), reason=reason, change=change)
    else:
        audit.record("country.stage_scheduled", "country", country.code,
                     after={"stage": str(target), "at": when.isoformat(),
                            "local_time": at_local, "timezone": country.timezone},
                     reason=reason, country_code=country.code)
    return change


def set_translation_threshold(country: Country, value: object, *,
                              reason: str | None = None) -> None:
    """The share of the app catalog (1 to 100 %) each locale needs before going live."""
    try:
        threshold = int(str(value))
    except ValueError:
        threshold = 0
    if not 1 <= threshold <= 100:
        raise OperationError(_("The translation threshold is a whole percentage from 1 to 100."),
                             "translation_threshold")
    if threshold != country.translation_threshold:
        before = country.translation_threshold
        country.translation_threshold = threshold
        db.session.flush()
        audit.record("country.threshold_changed", "country", country.code,
                     before={"translation_threshold": before},
                     after={"translation_threshold": threshold}, reason=reason,
                     country_code=country.code)


def cancel_scheduled(country: Country, change_id: int, *, reason: str | None = None) -> None:
    change = db.session.get(StageChange, change_id)
    if change is None or change.country_code != country.code or (
        change.status != ChangeStatus.SCHEDULED
    ):
        raise NotFoundError(_("No such scheduled change."))
    change.status = ChangeStatus.CANCELLED
    db.session.flush()
    audit.record("country.stage_schedule_cancelled", "country", country.code,
                 before={"stage": change.to_stage, "at": change.effective_at.isoformat()},
                 reason=reason, country_code=country.code)


def scheduled_changes(country: Country | None = None, *, limit: int = 50,
                      after: datetime | None = None) -> list[StageChange]:
    """Scheduled changes, soonest first; ``after`` leaves out those already due."""
    query = select(StageChange).where(StageChange.status == ChangeStatus.SCHEDULED)
    if country is not None:
        query = query.where(StageChange.country_code == country.code)
    if after is not None:
        query = query.where(StageChange.effective_at > after)
    return list(db.session.scalars(query.order_by(StageChange.effective_at).limit(limit)))


def due_stages(now: datetime) -> dict[str, str]:
    """Stages that scheduled changes due by ``now`` give, per country (one query)."""
    query = (
        select(StageChange.country_code, StageChange.to_stage)
        .where(StageChange.status == ChangeStatus.SCHEDULED, StageChange.effective_at <= now)
        .order_by(StageChange.effective_at, StageChange.id)
    )
    return {code: stage for code, stage in db.session.execute(query)}


def effective_stage(country: Country, now: datetime, due: dict[str, str] | None = None) -> str:
    if due is None:
        due = due_stages(now)
    return due.get(country.code, country.stage)


def apply_due_changes(now: datetime | None = None) -> list[StageChange]:
    """Persist the scheduled changes that are due (idempotent)."""
    now = now or utcnow()
    query = (
        select(StageChange)
        .where(StageChange.status == ChangeStatus.SCHEDULED, StageChange.effective_at <= now)
        .order_by(StageChange.effective_at, StageChange.id)
    )
    applied = []
    for change in db.session.scalars(query):
        country = get_country(change.country_code)
        _apply(country, change.to_stage, reason=change.reason or _("scheduled change"),
               change=change)
        applied.append(change)
    return applied
