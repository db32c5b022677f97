"""The monitoring tasks: the payment watch every minute, health checks every day."""

from __future__ import annotations

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country
from backoffice.countries.state import states_of
from backoffice.monitoring import health, watch
from backoffice.tasks.queue import enqueue
from backoffice.tasks.registry import task


@task("monitoring.payments", retries=3, retry_delay=10, schedule={"minute": "*"})
def watch_payments() -> int:
    """Compare each payments-live country's authorisations with its policy."""
    return watch.check_all()


@task("monitoring.health_checks", schedule={"minute": "0", "hour": "5"})
def daily_health_checks() -> int:
    """Queue one health check per payments-live country (each retried on its own)."""
    countries = list(db.session.scalars(select(Country).order_by(Country.code)))
    live = [code for code, state in states_of(countries, utcnow()).items() if state.payment_on]
    for code in live:
        enqueue("monitoring.health_check", country_code=code)
    return len(live)


@task("monitoring.health_check", retries=3, retry_delay=300, retry_backoff=2.0)
def health_check(country_code: str) -> bool:
    check = health.daily_check(country_code)
    return bool(check and check.ok)


def on_webhooks_stored(_connector_ids: object, **_extra: object) -> None:
    """Fresh authorisation results: look at the ratio now rather than within the minute."""
    enqueue("monitoring.payments")


def connect() -> None:
    from backoffice.payments import signals

    signals.webhooks_stored.connect(on_webhooks_stored)
