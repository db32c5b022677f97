"""The dashboard's "Next scheduled changes": stage moves and payment switch-ons to come."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.core.db import utcnow
from backoffice.countries.models import ChangeStatus, StateChange
from backoffice.payments.models import PaymentChangeRequest
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn
from tests.support.queries import QueryCounter

FUTURE = datetime(2099, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw (winter time)
SUMMER = datetime(2099, 7, 1, 16, 30, tzinfo=UTC)  # 12:30 in New York (daylight time)


def _stage_change(db: Session, code: str, when: datetime, *,
                  status: ChangeStatus = ChangeStatus.SCHEDULED, to_stage: str = "live",
                  reason: str = "Launch day") -> None:
    db.add(StateChange(country_code=code, from_stage="translating", to_stage=to_stage,
                       effective_at=when, status=status, reason=reason))


def _switch_on(db: Session, user: User, code: str, when: datetime, *, status: str = "approved",
               reason: str = "Cards and BLIK") -> None:
    """A change request; approved, its switch-on is in the country's state log."""
    request = PaymentChangeRequest(country_code=code, status=status, reason=reason,
                                   requested_by_id=user.id, requested_at=utcnow(),
                                   effective_at=when, decided_by_id=user.id)
    db.add(request)
    db.flush()
    if status == "approved":
        db.add(StateChange(country_code=code, kind="payment", from_stage="off", to_stage="on",
                           effective_at=when, status=ChangeStatus.SCHEDULED, reason=reason,
                           payment_request_id=request.id))


def _panel(page: str) -> str:
    match = re.search(r'<section class="card upcoming-changes">(.*?)</section>', page, re.S)
    assert match, "the panel is missing"
    return match.group(1)


def _rows(panel: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-kind="(\w+)" data-code="([A-Z]{2})">', panel)


def test_next_changes_in_local_time_soonest_first(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_country: MakeCountry,
        make_user: MakeUser) -> None:
    signed_in("viewer")
    finance = make_user("finance")
    make_country("PL")
    make_country("US", stage="live", locales=("en_US",), timezone="America/New_York",
                 currency="USD")
    _stage_change(db, "PL", FUTURE)
    _switch_on(db, finance, "US", SUMMER)
    # None of these is to come: done, cancelled, due already, not yet approved, killed.
    past = utcnow() - timedelta(minutes=5)
    _stage_change(db, "PL", FUTURE + timedelta(days=1), status=ChangeStatus.APPLIED)
    _stage_change(db, "PL", FUTURE + timedelta(days=2), status=ChangeStatus.CANCELLED)
    _stage_change(db, "US", past)
    _switch_on(db, finance, "PL", FUTURE + timedelta(days=3), status="pending")
    _switch_on(db, finance, "PL", FUTURE + timedelta(days=4), status="cancelled")
    _switch_on(db, finance, "US", past)
    db.flush()

    response = client.get("/")
    assert response.status_code == 200, response.get_data(as_text=True)[-3000:]
    panel = _panel(response.get_data(as_text=True))
    assert _rows(panel) == [("stage", "PL"), ("payment", "US")]
    pl, us = panel.split("<tr data-kind")[1:]
    assert "2099-01-15 10:00" in pl and "Europe/Warsaw" in pl and "2099-01-15 09:00" in pl
    assert "Translating → Live" in pl and "Launch day" in pl
    assert "/countries/PL/readiness" in pl
    assert "2099-07-01 12:30" in us and "America/New_York" in us
    assert "Online payment switches on (approved)" in us and "Cards and BLIK" in us


def test_nothing_scheduled(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("viewer")
    make_country("PL")
    assert "Nothing is scheduled." in _panel(client.get("/").get_data(as_text=True))


def test_the_dashboard_reads_the_same_number_of_queries_for_2_or_9_countries(
        app: Flask, client: FlaskClient, db: Session, engine: Engine, signed_in: SignedIn,
        make_country: MakeCountry, make_user: MakeUser) -> None:
    signed_in("launch_manager")
    finance = make_user("finance")
    codes = ["PL", "FR", "DE", "IT", "ES", "NL", "BE", "AT", "CZ"]

    made: list[str] = []

    def queries_with(count: int) -> int:
        for number, code in enumerate(codes[:count]):
            if code not in made:
                make_country(code, locales=(f"{code.lower()}_{code}",))
                _stage_change(db, code, FUTURE + timedelta(hours=number))
                _switch_on(db, finance, code, SUMMER + timedelta(hours=number))
                made.append(code)
        db.flush()
        with QueryCounter(engine) as queries:
            page = client.get("/").get_data(as_text=True)
        assert len(_rows(_panel(page))) == 2 * count
        return queries.count

    assert queries_with(2) == queries_with(9)


def test_the_panel_shows_the_next_twenty(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_country: MakeCountry,
        make_user: MakeUser) -> None:
    signed_in("viewer")
    make_country("PL")
    for minute in range(25):  # due already, so in effect: not to come
        _stage_change(db, "PL", utcnow() - timedelta(minutes=minute + 1))
    for hour in range(25):
        _stage_change(db, "PL", FUTURE + timedelta(hours=24 - hour))
    db.flush()
    panel = _panel(client.get("/").get_data(as_text=True))
    assert len(_rows(panel)) == 20
    assert "2099-01-15 10:00" in panel  # the soonest is there, the latest are not
    assert "2099-01-16 10:00" not in panel
