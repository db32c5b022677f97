"""Stage moves: immediate or scheduled, always through the gates, always audited.

A launch manager moves a country between the launch stages. Online payment is the other
half of the state and is not a move: only a change request approved by finance turns it
on, and finance's kill switch turns it off (``backoffice.payments.changes``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, OperationError
from backoffice.core.localtime import wall_clock_to_utc
from backoffice.countries import state_log
from backoffice.countries.labels import stage_label
from backoffice.countries.models import ChangeKind, Country, Stage, StateChange
from backoffice.countries.state import CountryState, state_of
from backoffice.launch.gates import Gate, GateContext, blocking, gates_for
from backoffice.payments.models import OPEN_STATUSES, PaymentChangeRequest

# Moves a launch manager may make, between launch stages.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Stage.PLANNED: frozenset({Stage.TRANSLATING}),
    Stage.TRANSLATING: frozenset({Stage.PLANNED, Stage.LIVE}),
    Stage.LIVE: frozenset({Stage.TRANSLATING, Stage.PAUSED}),
    Stage.PAUSED: frozenset({Stage.LIVE}),  # resume, through the gates into live
}
# Leaving the launch takes the country off the apps for good: not while payment is on.
WITHDRAWALS = frozenset({Stage.TRANSLATING, Stage.PLANNED})
LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_REASON = 500


class TransitionRefused(ConflictError):
    """The gates of the target stage do not hold; ``gates`` says which and why."""

    def __init__(self, message: str, gates: list[Gate]) -> None:
        super().__init__(message)
        self.gates = gates


def possible_moves(state: CountryState) -> list[str]:
    """The stages a launch manager may move the country to from ``state``."""
    return sorted(str(stage) for stage in ALLOWED_MOVES.get(state.stage, frozenset()))


def next_stage(state: CountryState) -> str | None:
    """The stage the launch aims at next from ``state``: the way forward, if any."""
    if state.stage == Stage.LIVE:
        return None if state.payment_on else Stage.PAYMENTS_LIVE.value
    return {Stage.PLANNED: Stage.TRANSLATING.value, Stage.TRANSLATING: Stage.LIVE.value,
            Stage.PAUSED: Stage.LIVE.value}.get(Stage(state.stage))


def parse_local_time(country: Country, text: str) -> datetime:
    """``YYYY-MM-DDTHH:MM`` in the country's zone, refused when past, missing or ambiguous."""
    try:
        naive = datetime.strptime(text.strip(), LOCAL_TIME_FORMAT)
    except ValueError:
        raise OperationError(
            _("Give the time as YYYY-MM-DDTHH:MM in the country's time zone."), "at"
        ) from None
    return wall_clock_to_utc(country, naive.date(), naive.time(), field="at")[0]


def _open_payment_request(country: Country) -> PaymentChangeRequest | None:
    return db.session.scalar(select(PaymentChangeRequest).where(
        PaymentChangeRequest.country_code == country.code,
        PaymentChangeRequest.status.in_(OPEN_STATUSES)).limit(1))


def check_move(country: Country, target: str, state: CountryState,
               ctx: GateContext | None = None) -> list[Gate]:
    """Refuse a move that is not allowed from ``state`` or whose gates fail; return them."""
    try:
        stage = Stage(target)
    except ValueError:
        raise OperationError(_('Unknown stage "%(stage)s".', stage=target), "stage") from None
    if stage == Stage.PAYMENTS_LIVE:
        raise OperationError(
            _("Online payment is switched on through a change request approved by finance."),
            "stage")
    if stage.value not in possible_moves(state):
        raise ConflictError(_(
            "A country cannot move from %(source)s to %(target)s.",
            source=stage_label(state.public_stage), target=stage_label(stage.value)), "stage")
    if stage in WITHDRAWALS and (state.payment_on or _open_payment_request(country)):
        raise ConflictError(_(
            "%(code)s has online payment on or requested: finance turns it off (kill switch) "
            "before the country leaves the launch.", code=country.code), "stage")
    gates = gates_for(country, stage, ctx)
    failing = blocking(gates)
    if failing:
        raise TransitionRefused(
            _("%(code)s cannot move to %(target)s yet: %(why)s", code=country.code,
              target=stage_label(stage.value), why=" ".join(g.message for g in failing)),
            gates,
        )
    return gates


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise OperationError(_("Say why: a reason is required for every stage move."), "reason")
    if len(text) > MAX_REASON:
        raise OperationError(_("The reason is longer than %(n)d characters.", n=MAX_REASON),
                             "reason")
    return text


def move(country: Country, target: str, *, reason: str | None = None,
         at_local: str | None = None, actor: Any = None) -> StateChange:
    """Move now, or schedule the move for ``at_local`` in the country's time zone.

    A scheduled move is checked against the state the country will be in at that time
    (earlier scheduled changes included) and against the gates as they are now.
    """
    text = _reason(reason)
    now = utcnow()
    when = parse_local_time(country, at_local) if at_local else None
    state_log.catch_up(country, now)
    state = state_of(country, when or now)
    check_move(country, target, state)
    if when is None:
        return state_log.apply_now(country, ChangeKind.STAGE, target, reason=text, actor=actor,
                                   now=now)
    return state_log.schedule(country, ChangeKind.STAGE, state.stage, target, when,
                              local_time=at_local, reason=text, actor=actor)


def reach(country: Country, target: str, reason: str, actor: Any = None) -> list[StateChange]:
    """Take the country to ``target`` now, one allowed move at a time, each through its gates.

    What a country file asks for (``backoffice countries import``): a new country goes
    ``planned -> translating -> live`` only if every gate holds on the way.
    """
    steps: list[StateChange] = []
    path = _path(state_of(country).stage, target)
    if path is None:
        check_move(country, target, state_of(country))  # says why in the move's own words
        raise ConflictError(_("%(code)s cannot reach %(target)s.", code=country.code,
                              target=stage_label(target)), "stage")
    for stage in path:
        steps.append(move(country, stage, reason=reason, actor=actor))
    return steps


def _path(start: str, target: str) -> list[str] | None:
    """The shortest list of allowed moves from ``start`` to ``target`` (breadth first)."""
    paths: dict[str, list[str]] = {start: []}
    queue = [start]
    while queue:
        stage = queue.pop(0)
        if stage == target:
            return paths[stage]
        for following in sorted(ALLOWED_MOVES.get(stage, frozenset())):
            if following not in paths:
                paths[following] = [*paths[stage], following]
                queue.append(following)
    return None


def cancel_scheduled(country: Country, change_id: int, *, reason: str | None,
                     actor: Any = None) -> StateChange:
    """Cancel a move still to come, with a reason. A due move is history."""
    change = state_log.get_change(country, change_id)
    if change.kind != ChangeKind.STAGE:
        raise OperationError(_("A scheduled switch-on of online payment is withdrawn by "
                               "finance, on the payments page."))
    state_log.cancel(change, reason=_reason(reason), actor=actor)
    return change


def apply_due_changes(now: datetime | None = None) -> list[StateChange]:
    """Write down the scheduled changes that are due (idempotent; readers see them already)."""
    return state_log.apply_due(now)
