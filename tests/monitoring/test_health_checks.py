"""The daily health check of each payments-live country: a failure tells finance and
puts the country at risk."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.launch.gates import GateContext, risks
from backoffice.monitoring import health
from backoffice.monitoring.tasks import daily_health_checks
from backoffice.notifications.models import Notification
from backoffice.payments.models import HealthCheck
from backoffice.tasks.queue import queue
from backoffice.tasks.worker import run_ready
from connectors.payments.local_adyen import set_failure
from tests.support.fixture_types import MakeCountry, MakeUser
from tests.support.state import stored


def test_a_failed_daily_check_tells_finance_and_puts_the_country_at_risk(
        app: Flask, db: Session, ready_country: MakeCountry, make_user: MakeUser,
        adyen: str) -> None:
    country = ready_country("FR")
    country.recorded_payment = stored("payments_live")["recorded_payment"]
    finance = make_user("finance")
    db.flush()
    assert "payment_health" not in [gate.id for gate in risks([country]).get("FR", [])]
    assert daily_health_checks() == 1
    db.commit()  # as the worker commits the sweep: its checks are queued
    assert queue(app).pending_count() == 1
    set_failure(adyen, {"mode": "500"})
    run_ready(app)
    db.expire_all()
    check = db.scalar(select(HealthCheck).order_by(HealthCheck.id.desc()).limit(1))
    assert not check.ok and check.checked_by_id is None
    [told] = db.scalars(select(Notification).where(Notification.user_id == finance.id))
    assert told.kind == "health_failed"
    failing = risks([country], GateContext.load([country]))["FR"]
    assert "payment_health" in [gate.id for gate in failing]
    assert health.daily_check("FR") is None  # once a day
    assert queue(app).pending_count() == 0


def test_a_country_without_payment_is_not_checked(
        app: Flask, db: Session, ready_country: MakeCountry) -> None:
    ready_country("FR")
    assert daily_health_checks() == 0
