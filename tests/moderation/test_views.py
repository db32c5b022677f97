"""The roster page, a country's moderation tab, and readiness showing the gate."""

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.moderation import operations
from backoffice.moderation.models import ModerationNeed, Moderator
from tests.support.fixture_types import MakeCountry, SignedIn


def test_a_manager_adds_a_moderator_and_sets_the_need(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("IN", locales=("hi_IN", "en_IN"), timezone="Asia/Kolkata", currency="INR")
    signed_in("launch_manager")
    response = client.post("/moderation/moderators", data={
        "name": "Anjali", "kind": "person", "languages": "hi, en", "weekly_hours": "40",
        "timezone": "Asia/Kolkata", "shift_start": "9", "shift_end": "18", "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.query(Moderator).one().languages == ["hi", "en"]
    response = client.post("/countries/IN/moderation", data={
        "expected_load": "40000", "hours_per_thousand": "5", "severity": "warning",
        "load_label": "weekly rides"})
    assert response.status_code == 302
    assert db.get(ModerationNeed, "IN").hours_needed == 200
    page = client.get("/countries/IN/moderation").get_data(as_text=True)
    assert "hi_IN: 1 moderator speaks Hindi, 40 h a week, 20 % of the need" in page
    readiness = client.get("/countries/IN/readiness").get_data(as_text=True)
    assert 'data-gate="moderation_hi_IN"' in readiness
    roster = client.get("/moderation").get_data(as_text=True)
    assert "Anjali" in roster and 'data-coverage="en_IN"' in roster


def test_bad_input_is_shown_on_the_form_and_changes_nothing(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    response = client.post("/moderation/moderators", data={
        "name": "X", "kind": "person", "languages": "hi", "weekly_hours": "4",
        "timezone": "Mars/Olympus", "shift_start": "9", "shift_end": "18"})
    assert response.status_code == 400
    assert "is not a time zone" in response.get_data(as_text=True)
    assert db.query(Moderator).count() == 0


def test_readers_see_but_cannot_change(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")
    signed_in("translator", locales=("hi_IN",))
    assert client.get("/moderation").status_code == 200
    assert client.post("/moderation/moderators", data={"name": "X"}).status_code == 403
    assert client.post("/countries/IN/moderation",
                       data={"expected_load": "1"}).status_code == 403


def test_a_manager_limited_to_other_countries_cannot_set_this_need(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")
    signed_in("launch_manager", countries=("PL",))
    assert client.post("/countries/IN/moderation", data={
        "expected_load": "1", "hours_per_thousand": "1"}).status_code == 403


def test_the_edit_page_refuses_a_stale_version(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    row = operations.save_moderator(None, operations.ModeratorInput(
        "Olga", ["ru"], 30, "Europe/Berlin"))
    data = {"name": "Olga S.", "kind": "person", "languages": "ru", "weekly_hours": "30",
            "timezone": "Europe/Berlin", "shift_start": "9", "shift_end": "18",
            "active": "y", "version": "1"}
    assert client.get(f"/moderation/moderators/{row.id}").status_code == 200
    assert client.post(f"/moderation/moderators/{row.id}", data=data).status_code == 302
    assert client.post(f"/moderation/moderators/{row.id}",
                       data={**data, "weekly_hours": "10"}).status_code == 409
    assert db.get(Moderator, row.id).weekly_hours == 30


def test_french_pages(client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")
    signed_in("launch_manager")
    client.post("/countries/IN/moderation", data={
        "expected_load": "40000", "hours_per_thousand": "5", "severity": "warning"})
    page = client.get("/countries/IN/moderation",
                      headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Besoin de modération" in page
