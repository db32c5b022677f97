"""The launch calendar: done and planned changes, targets, filters, SVG and iCalendar."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.core.db import utcnow
from backoffice.countries.models import Country, StateChange
from backoffice.planning.operations import set_locale_target, set_stage_target
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn


def _countries(db: Session, make_country: MakeCountry, make_user: MakeUser
               ) -> tuple[Country, Country, User]:
    owner = make_user("launch_manager", email="owner@example.com")
    poland = make_country("PL", stage="live", locales=("pl_PL",))
    poland.owner_id = owner.id
    mexico = make_country("MX", stage="translating", locales=("es_MX",),
                          timezone="America/Mexico_City", currency="MXN")
    now = utcnow()
    db.add_all([
        StateChange(country_code="PL", from_stage="translating", to_stage="live",
                    effective_at=now - timedelta(days=10), status="applied"),
        StateChange(country_code="MX", from_stage="translating", to_stage="live",
                    effective_at=now + timedelta(days=20), status="scheduled",
                    local_time="2026-12-22 09:00"),
        StateChange(country_code="MX", from_stage="planned", to_stage="translating",
                    effective_at=now - timedelta(days=5), status="cancelled"),
    ])
    db.flush()
    set_stage_target(mexico, "live", (now + timedelta(days=30)).date())
    set_locale_target("pl_PL", (now + timedelta(days=3)).date())
    return poland, mexico, owner


def test_the_page_draws_every_kind_of_event(
        client: FlaskClient, db: Session, make_country: MakeCountry, make_user: MakeUser,
        signed_in: SignedIn) -> None:
    _countries(db, make_country, make_user)
    signed_in("viewer")
    page = client.get("/calendar/").get_data(as_text=True)
    assert page.count('class="mark mark-stage') == 2  # the cancelled move is not shown
    assert 'mark mark-stage planned' in page and 'mark mark-stage done' in page
    assert page.count("mark mark-target") == 1 and "mark mark-locale_target" in page
    assert "PL: Translating → Live" in page and "MX: target for Live" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in svg and "<script" not in page.split("</head>")[1]


def test_filters_by_region_owner_and_stage(
        client: FlaskClient, db: Session, make_country: MakeCountry, make_user: MakeUser,
        signed_in: SignedIn) -> None:
    _poland, _mexico, owner = _countries(db, make_country, make_user)
    signed_in("viewer")

    def rows(**args: str) -> set[str]:
        page = client.get("/calendar/", query_string=args).get_data(as_text=True)
        return {code for code in ("PL", "MX") if 'class="row-label" x="4"' in page
                and f">{code}</text>" in page}

    assert rows() == {"PL", "MX"}
    assert rows(region="EU") == {"PL"} and rows(region="NA") == {"MX"}
    assert rows(owner=owner.id) == {"PL"}
    assert rows(stage="translating") == {"MX"}
    assert client.get("/calendar/", query_string={"region": "XX"}).status_code == 400
    start = date.today()
    assert client.get("/calendar/", query_string={
        "from": start.isoformat(), "to": (start + timedelta(days=900)).isoformat()}
    ).status_code == 400


def test_the_ical_export_can_be_subscribed_to(
        client: FlaskClient, db: Session, make_country: MakeCountry, make_user: MakeUser,
        signed_in: SignedIn) -> None:
    _countries(db, make_country, make_user)
    signed_in("viewer")
    response = client.get("/calendar/launches.ics", query_string={"region": "NA"})
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["MX: Translating → Live", "MX: target for Live"]
    assert all(str(e["UID"]).endswith("@localhost") for e in events)
    again = Calendar.from_ical(client.get("/calendar/launches.ics",
                                          query_string={"region": "NA"}).data)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}


def test_the_admin_api_gives_the_events(
        client: FlaskClient, db: Session, make_country: MakeCountry, make_user: MakeUser) -> None:
    from backoffice.accounts import tokens

    _countries(db, make_country, make_user)
    _row, token = tokens.create_token(make_user("viewer"), "calendar")
    data = client.get("/api/v1/admin/calendar", query_string={"region": "EU"},
                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {(e["country"], e["kind"]) for e in data["events"]} == {
        ("PL", "stage"), ("PL", "locale_target")}
