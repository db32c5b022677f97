"""The payment watch: authorisation success over a sliding window, against a threshold.

From the moment a country's online payment went on (its state log says when), Adyen's
AUTHORISATION results for the country (``WebhookEvent``) are counted over the policy's
window. With at least the minimum volume and a success ratio below the threshold, finance
and the owner are told, and the policy may propose or fire the kill switch
(``payments.changes.kill_payments``) with the figures as the reason. A country is alerted
once per fall below the threshold (a ``WatchMark`` per country).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.countries.models import ChangeKind, ChangeStatus, Country, Payment, StateChange
from backoffice.countries.state import state_of, states_of
from backoffice.monitoring.models import (
    DEFAULT_MIN_VOLUME,
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    PaymentWatchAlert,
    PaymentWatchPolicy,
    WatchAction,
)
from backoffice.notifications import kinds
from backoffice.notifications.marks import observe
from backoffice.notifications.models import WatchMark
from backoffice.notifications.operations import country_people, finance, notify
from backoffice.payments.models import WebhookEvent

AUTHORISATION = "AUTHORISATION"
MAX_WINDOW = 24 * 60
MAX_VOLUME = 1_000_000


@dataclass(frozen=True)
class Figures:
    """Authorisations of a country in a window: how many, how many succeeded."""

    country_code: str
    start: datetime
    end: datetime
    volume: int
    successes: int

    @property
    def percent(self) -> int:
        return self.successes * 100 // self.volume if self.volume else 100

    def below(self, policy: PaymentWatchPolicy) -> bool:
        return (self.volume >= policy.min_volume
                and self.successes * 100 < policy.threshold_percent * self.volume)


def policy_of(country_code: str) -> PaymentWatchPolicy:
    found = db.session.get(PaymentWatchPolicy, country_code)
    return found or PaymentWatchPolicy(
        country_code=country_code, threshold_percent=DEFAULT_THRESHOLD,
        min_volume=DEFAULT_MIN_VOLUME, window_minutes=DEFAULT_WINDOW,
        action=WatchAction.ALERT.value)


def save_policy(country: Country, *, threshold_percent: int, min_volume: int,
                window_minutes: int, action: str, reason: str | None = None,
                actor: object = None) -> PaymentWatchPolicy:
    if not 1 <= threshold_percent <= 100:
        raise OperationError(_("The threshold is a percentage from 1 to 100."),
                             "threshold_percent")
    if not 1 <= min_volume <= MAX_VOLUME:
        raise OperationError(_("The minimum volume is from 1 to %(max)d authorisations.",
                               max=MAX_VOLUME), "min_volume")
    if not 5 <= window_minutes <= MAX_WINDOW:
        raise OperationError(_("The window is from 5 to %(max)d minutes.", max=MAX_WINDOW),
                             "window_minutes")
    if action not in {a.value for a in WatchAction}:
        raise OperationError(_("Choose to alert, to propose the kill switch or to fire it."),
                             "action")
    current = policy_of(country.code)
    before = _policy_json(current)
    if db.session.get(PaymentWatchPolicy, country.code) is None:
        db.session.add(current)
    current.threshold_percent, current.min_volume = threshold_percent, min_volume
    current.window_minutes, current.action = window_minutes, action
    current.updated_at = utcnow()
    db.session.flush()
    audit.record("payments.watch_policy_saved", "country", country.code, before=before,
                 after=_policy_json(current), reason=reason, country_code=country.code,
                 actor=actor)
    return current


def _policy_json(policy: PaymentWatchPolicy) -> dict[str, object]:
    return {"threshold_percent": policy.threshold_percent, "min_volume": policy.min_volume,
            "window_minutes": policy.window_minutes, "action": policy.action}


def payment_on_since(country_code: str, now: datetime) -> datetime | None:
    """When the country's online payment last went on (a switch-on due counts)."""
    return db.session.scalar(
        select(func.max(StateChange.effective_at)).where(
            StateChange.country_code == country_code, StateChange.kind == ChangeKind.PAYMENT,
            StateChange.to_stage == Payment.ON, StateChange.effective_at <= now,
            StateChange.status.in_((ChangeStatus.APPLIED, ChangeStatus.SCHEDULED))))


def figures(country_code: str, start: datetime, end: datetime) -> Figures:
    rows = db.session.execute(
        select(WebhookEvent.success, func.count(WebhookEvent.id)).where(
            WebhookEvent.country_code == country_code,
            WebhookEvent.event_code == AUTHORISATION,
            WebhookEvent.received_at > start, WebhookEvent.received_at <= end)
        .group_by(WebhookEvent.success))
    counts = {success: count for success, count in rows}
    volume = sum(counts.values())
    return Figures(country_code, start, end, volume, counts.get(True, 0))


def current_figures(country: Country, now: datetime | None = None
                    ) -> tuple[Figures, PaymentWatchPolicy] | None:
    """The window's figures for a country whose payment is on, else None."""
    now = now or utcnow()
    if not state_of(country, now).payment_on:
        return None
    policy = policy_of(country.code)
    since = payment_on_since(country.code, now)
    start = now - timedelta(minutes=policy.window_minutes)
    if since is not None and since > start:
        start = since
    return figures(country.code, start, now), policy


def summary(numbers: Figures, policy: PaymentWatchPolicy) -> str:
    """The figures in a sentence, in the console's default language (audit, kill reason)."""
    return _("Automatic payment watch: %(successes)d of %(volume)d authorisations in "
             "%(code)s succeeded (%(percent)d %%) over the last %(minutes)d minutes, below "
             "the %(threshold)d %% threshold.", successes=numbers.successes,
             volume=numbers.volume, code=numbers.country_code, percent=numbers.percent,
             minutes=policy.window_minutes, threshold=policy.threshold_percent)


def check(country: Country, now: datetime | None = None) -> PaymentWatchAlert | None:
    """Compare the country's window with its policy; alert (and act) once per fall."""
    from flask import current_app

    from backoffice.payments.changes import kill_payments

    now = now or utcnow()
    found = current_figures(country, now)
    if found is None:
        return None
    numbers, policy = found
    if numbers.volume < policy.min_volume:
        return None  # too few payments to tell anything either way
    below = numbers.below(policy)
    moved = observe(f"payments:{country.code}", "below" if below else "ok", now)
    if moved is None:
        return None
    if not below:
        for alert in db.session.scalars(select(PaymentWatchAlert).where(
                PaymentWatchAlert.country_code == country.code,
                PaymentWatchAlert.closed_at.is_(None))):
            alert.closed_at = now  # back above the threshold
        return None
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = summary(numbers, policy)
    alert = PaymentWatchAlert(
        country_code=country.code, opened_at=now, successes=numbers.successes,
        volume=numbers.volume, threshold_percent=policy.threshold_percent,
        window_minutes=policy.window_minutes, action=policy.action, summary=text)
    db.session.add(alert)
    db.session.flush()
    audit.record("payments.watch_alert", "country", country.code,
                 after={"successes": numbers.successes, "volume": numbers.volume,
                        "threshold_percent": policy.threshold_percent,
                        "window_minutes": policy.window_minutes, "action": policy.action},
                 reason=text, country_code=country.code)
    if policy.action == WatchAction.KILL:
        kill_payments(country, None, reason=text)
    notify([*finance(country.code), *country_people(country)], kinds.PAYMENTS_DEGRADED,
           key=f"payments:{country.code}:{moved[1]}",
           params={"country": country.code, "successes": numbers.successes,
                   "volume": numbers.volume, "ratio": numbers.percent,
                   "minutes": policy.window_minutes, "threshold": policy.threshold_percent,
                   "action": policy.action},
           link=f"/payments/countries/{country.code}"
           + ("#kill" if policy.action == WatchAction.PROPOSE else ""),
           country_code=country.code)
    return alert


def check_all(now: datetime | None = None) -> int:
    """Every country whose payment is on; a country whose payment went off starts afresh."""
    now = now or utcnow()
    countries = list(db.session.scalars(select(Country).order_by(Country.code)))
    states = states_of(countries, now)
    alerts = 0
    for country in countries:
        if states[country.code].payment_on:
            alerts += check(country, now) is not None
    watched = db.session.scalars(select(WatchMark.subject).where(
        WatchMark.subject.startswith("payments:"), WatchMark.value != "off"))
    for subject in list(watched):
        code = subject.partition(":")[2]
        if code in states and not states[code].payment_on:
            observe(subject, "off", now)
    return alerts


def alerts_of(country_code: str, limit: int = 10) -> list[PaymentWatchAlert]:
    return list(db.session.scalars(
        select(PaymentWatchAlert).where(PaymentWatchAlert.country_code == country_code)
        .order_by(PaymentWatchAlert.opened_at.desc(), PaymentWatchAlert.id.desc())
        .limit(limit)))

