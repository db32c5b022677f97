"""Once payment is on, failed authorisations below the threshold alert finance and the
owner, once per fall; the policy may fire the kill switch with the figures as reason."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.countries.models import Country
from backoffice.countries.state import state_of
from backoffice.monitoring import watch
from backoffice.monitoring.models import PaymentWatchAlert
from backoffice.notifications.models import Notification
from backoffice.payments import changes
from backoffice.payments.models import WebhookEvent
from backoffice.tasks.queue import queue
from backoffice.tasks.worker import run_ready
from tests.support.coordination import authorisation
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn
from tests.support.smtp import Inbox


def _live(db: Session, ready_country: MakeCountry, make_user: MakeUser
          ) -> tuple[Country, User, User]:
    country = ready_country("FR")
    owner = make_user("launch_manager", email="owner@example.com")
    country.owner_id = owner.id
    rita = make_user("finance", email="rita@example.com")
    alan = make_user("finance", email="alan@example.com")
    change = changes.request_payments_on(country, rita, reason="Cards ready")
    changes.approve_change(change, alan)
    db.flush()
    return country, owner, rita


def _storm(client: FlaskClient, ok: int, failed: int, prefix: str = "S") -> None:
    items = [authorisation(f"{prefix}OK{n:012d}", True) for n in range(ok)]
    items += [authorisation(f"{prefix}KO{n:012d}", False) for n in range(failed)]
    response = client.post("/webhooks/adyen", data=json.dumps(
        {"live": "false", "notificationItems": items}), content_type="application/json")
    assert response.status_code == 200


def test_webhook_events_know_their_country(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _live(db, ready_country, make_user)
    _storm(client, 1, 1)
    assert set(db.scalars(select(WebhookEvent.country_code))) == {"FR"}


def test_a_storm_of_refusals_alerts_once_then_recovers(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, mailbox: Inbox) -> None:
    country, owner, rita = _live(db, ready_country, make_user)
    _storm(client, 5, 25)
    assert queue(app).pending_count() >= 1  # the webhook asked the watch to look
    run_ready(app)
    db.expire_all()
    [alert] = db.scalars(select(PaymentWatchAlert)).all()
    assert (alert.successes, alert.volume, alert.action) == (5, 30, "alert")
    told = {n.user_id for n in db.scalars(select(Notification).where(
        Notification.kind == "payments_degraded"))}
    assert {owner.id, rita.id} <= told
    assert any("5 of 30 succeeded (16 %)" in m.get_content()
               for m in mailbox.to("owner@example.com"))
    assert state_of(country).payment_on  # the default policy only alerts

    watch.check_all()
    assert len(db.scalars(select(PaymentWatchAlert)).all()) == 1  # once per fall
    _storm(client, 200, 0, prefix="R")
    watch.check_all()
    db.expire_all()
    assert db.get(PaymentWatchAlert, alert.id).closed_at is not None


def test_too_few_payments_say_nothing(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    _live(db, ready_country, make_user)
    _storm(client, 0, 10)
    assert watch.check_all() == 0


def test_the_policy_may_fire_the_kill_switch(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser) -> None:
    country, _owner, _rita = _live(db, ready_country, make_user)
    watch.save_policy(country, threshold_percent=90, min_volume=10, window_minutes=30,
                      action="kill", reason="New market")
    _storm(client, 8, 4)
    assert watch.check_all() == 1
    state = state_of(country)
    assert not state.payment_on and state.payment == "killed"
    from backoffice.payments.gates import last_kill

    assert "8 of 12 authorisations in FR succeeded (66 %)" in last_kill(country).reason


def test_the_payment_page_draws_the_ratio(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, signed_in: SignedIn) -> None:
    _live(db, ready_country, make_user)
    _storm(client, 3, 1)
    signed_in("finance")
    page = client.get("/payments/countries/FR").get_data(as_text=True)
    assert 'class="ratio-line"' in page and "3/4 (75 %)" in page
    assert "style=" not in page.split('id="watch"')[1].split("</section>")[0]


def test_a_bad_policy_is_refused_with_the_page(
        app: Flask, client: FlaskClient, db: Session, ready_country: MakeCountry,
        make_user: MakeUser, signed_in: SignedIn) -> None:
    _live(db, ready_country, make_user)
    signed_in("finance")
    response = client.post("/monitoring/countries/FR/policy", data={
        "threshold_percent": "150", "min_volume": "10", "window_minutes": "60",
        "action": "alert"})
    assert response.status_code == 400
    assert watch.policy_of("FR").threshold_percent == 80
