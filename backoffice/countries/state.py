"""A country's state at an instant: the one rule every reader asks.

A country's state has two halves: where it is in the launch (``planned``, ``translating``,
``live``, ``paused``) and whether online payment is on, off or killed. ``payments_live``
is what a reader sees when the country is live and payment is on; a paused country keeps
its payment state and is hidden from the apps.

The database holds the state as of its last recorded change (``Country.recorded_stage``,
``Country.recorded_payment``) and the country's state log (``StateChange``). Changes
scheduled for a time that has come are applied on top when read, here, so the console,
the CLI, both APIs, the gates and the dashboard show the new state from its minute on
without a timer. Writing them down later (``state_log.apply_due``) changes nothing any
reader sees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import (
    ChangeKind,
    ChangeStatus,
    Country,
    CountryLocale,
    Locale,
    Payment,
    Stage,
    StateChange,
)

# Stages from which a switch-on due at its time turns payment on (a paused country keeps
# the payment state it will have when it comes back).
SWITCH_ON_STAGES = frozenset({Stage.LIVE.value, Stage.PAUSED.value})


@dataclass(frozen=True)
class CountryState:
    """A country's state at ``at``, with the scheduled changes that took effect by then."""

    code: str
    stage: str
    payment: str
    at: datetime
    # Scheduled changes due by ``at`` that readers count as done (not yet written down).
    taken: tuple[StateChange, ...] = field(default=(), compare=False)
    skipped: tuple[StateChange, ...] = field(default=(), compare=False)

    @property
    def public_stage(self) -> str:
        """The stage as readers name it: ``payments_live`` when live with payment on."""
        if self.stage == Stage.LIVE and self.payment == Payment.ON:
            return Stage.PAYMENTS_LIVE.value
        return self.stage

    @property
    def visible(self) -> bool:
        """Whether the client apps see the country."""
        return self.stage == Stage.LIVE

    @property
    def payment_on(self) -> bool:
        return self.payment == Payment.ON

    @property
    def online_payment(self) -> bool:
        """Whether shoppers of the apps can pay online right now."""
        return self.visible and self.payment_on


def resolve(code: str, stage: str, payment: str, due: Iterable[StateChange],
            at: datetime) -> CountryState:
    """Apply the due changes, oldest first, to the recorded state.

    A due move takes effect only from the stage it was scheduled from; a switch-on only
    while the country is launched (live or paused). Anything else is skipped: the state
    it was meant for no longer exists.
    """
    taken: list[StateChange] = []
    skipped: list[StateChange] = []
    for change in sorted(due, key=lambda c: (c.effective_at, c.id or 0)):
        if change.kind == ChangeKind.PAYMENT:
            applies = change.to_stage == Payment.ON and payment != Payment.ON and (
                stage in SWITCH_ON_STAGES)
            if applies:
                payment = Payment.ON.value
        else:
            applies = change.from_stage == stage
            if applies:
                stage = change.to_stage
        (taken if applies else skipped).append(change)
    return CountryState(code, stage, payment, at, tuple(taken), tuple(skipped))


def _due(codes: Sequence[str] | None, at: datetime) -> dict[str, list[StateChange]]:
    query = select(StateChange).where(
        StateChange.status == ChangeStatus.SCHEDULED, StateChange.effective_at <= at)
    if codes is not None:
        query = query.where(StateChange.country_code.in_(codes))
    found: dict[str, list[StateChange]] = defaultdict(list)
    for change in db.session.scalars(query):
        found[change.country_code].append(change)
    return found


def state_of(country: Country, at: datetime | None = None) -> CountryState:
    """The country's state at ``at`` (now by default): one query."""
    at = at or utcnow()
    due = _due([country.code], at).get(country.code, [])
    return resolve(country.code, country.recorded_stage, country.recorded_payment, due, at)


def states_of(countries: Iterable[Country], at: datetime | None = None
              ) -> dict[str, CountryState]:
    """The states of many countries at ``at``, in one query whatever their number."""
    at = at or utcnow()
    countries = list(countries)
    due = _due(None if len(countries) > 50 else [c.code for c in countries], at)
    return {c.code: resolve(c.code, c.recorded_stage, c.recorded_payment,
                            due.get(c.code, []), at) for c in countries}


def public_stages(at: datetime | None = None) -> dict[str, str]:
    """Every country's stage as readers name it (the world map), in two queries."""
    at = at or utcnow()
    due = _due(None, at)
    rows = db.session.execute(select(Country.code, Country.recorded_stage,
                                     Country.recorded_payment))
    return {code: resolve(code, stage, payment, due.get(code, []), at).public_stage
            for code, stage, payment in rows}


def is_due(change: StateChange, at: datetime | None = None) -> bool:
    """A scheduled change whose time has come is history: done (or skipped), not pending."""
    return change.status == ChangeStatus.SCHEDULED and change.effective_at <= (at or utcnow())


def shown_status(change: StateChange, state: CountryState | None = None,
                 at: datetime | None = None) -> str:
    """The status a reader sees: a due change is ``applied`` (or ``skipped``) at once."""
    if not is_due(change, at):
        return change.status
    if state is not None and any(c.id == change.id for c in state.skipped):
        return ChangeStatus.SKIPPED.value
    return ChangeStatus.APPLIED.value


def upcoming(at: datetime | None = None, *, codes: Sequence[str] | None = None,
             limit: int = 50) -> list[StateChange]:
    """Scheduled changes still to come, soonest first (one query)."""
    at = at or utcnow()
    query = select(StateChange).where(
        StateChange.status == ChangeStatus.SCHEDULED, StateChange.effective_at > at)
    if codes is not None:
        query = query.where(StateChange.country_code.in_(codes))
    return list(db.session.scalars(
        query.order_by(StateChange.effective_at, StateChange.id).limit(limit)))


def changes_between(start: datetime, end: datetime, *, codes: Sequence[str] | None = None,
                    limit: int = 5000) -> list[StateChange]:
    """The state log between two instants, done and still to come, oldest first (one
    query): cancelled changes are left out; a due one is a reader's ``shown_status``."""
    query = select(StateChange).where(
        StateChange.effective_at >= start, StateChange.effective_at <= end,
        StateChange.status != ChangeStatus.CANCELLED)
    if codes is not None:
        query = query.where(StateChange.country_code.in_(codes))
    return list(db.session.scalars(
        query.order_by(StateChange.effective_at, StateChange.id).limit(limit)))


def next_effect(at: datetime, codes: Sequence[str] | None = None) -> datetime | None:
    """When the next scheduled change comes due, if any: until then a read state holds."""
    query = select(func.min(StateChange.effective_at)).where(
        StateChange.status == ChangeStatus.SCHEDULED, StateChange.effective_at > at)
    if codes is not None:
        query = query.where(StateChange.country_code.in_(codes))
    return db.session.scalar(query)


def public_locales(at: datetime | None = None) -> frozenset[str]:
    """The locales whose catalogs the apps may read: those a visible country uses, and the
    locales they inherit from (a variant's text is its own, else its parents').

    Anything else is unreleased copy, and answers as a locale that does not exist.
    """
    at = at or utcnow()
    states = public_stages(at)
    visible = {code for code, stage in states.items()
               if stage in (Stage.LIVE, Stage.PAYMENTS_LIVE)}
    used = {locale for code, locale in db.session.execute(
        select(CountryLocale.country_code, CountryLocale.locale_code)) if code in visible}
    parents = dict(db.session.execute(select(Locale.code, Locale.parent_code)).all())
    found: set[str] = set()
    for used_locale in used:
        locale: str | None = used_locale
        seen = 0
        while locale and locale not in found and seen < 32:  # depth bounded: no cycle loops
            found.add(locale)
            locale = parents.get(locale)
            seen += 1
    return frozenset(found)
