from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.audit import operations as audit
from backoffice.launch import operations
from tests.support.fixture_types import MakeCountry, SignedIn, Translate
from tests.support.state import shown_stage


def test_readiness_page_lists_gates(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("viewer")
    make_country()
    page = client.get("/countries/PL/readiness").get_data(as_text=True)
    assert "Gates into Live" in page and "at most 4 seats per ride" in page
    assert "Move to" not in page  # a viewer gets no move buttons


def test_move_is_offered_only_when_gates_pass(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        translate: Translate) -> None:
    signed_in("launch_manager")
    make_country(code="PL")
    translate("pl_PL")
    make_country(code="MX", locales=(), timezone="America/Mexico_City", currency="MXN")
    assert 'data-move="live"' in client.get("/countries/PL/readiness").get_data(as_text=True)
    page = client.get("/countries/MX/readiness").get_data(as_text=True)
    assert 'data-move="live"' not in page and "not offered" in page


def test_move_from_the_console(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        translate: Translate) -> None:
    signed_in("launch_manager")
    country = make_country()
    translate("pl_PL")
    response = client.post("/countries/PL/moves", data={"stage": "live", "reason": "done"})
    assert response.status_code == 302
    assert shown_stage(country) == "live"


def test_refused_move_shows_the_failing_gates(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager")
    country = make_country(locales=())
    response = client.post("/countries/PL/moves", data={"stage": "live", "reason": "go"})
    assert response.status_code == 409
    assert "no locale" in response.get_data(as_text=True)
    assert shown_stage(country) == "translating"


def test_scoped_launch_manager_cannot_move_other_countries(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager", countries=("MX",))
    country = make_country()
    response = client.post("/countries/PL/moves", data={"stage": "live", "reason": "go"})
    assert response.status_code == 403
    assert shown_stage(country) == "translating"


def test_translator_cannot_move(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("translator")
    make_country()
    assert client.post("/countries/PL/moves", data={"stage": "live",
                                                    "reason": "x"}).status_code == 403


def test_client_api_follows_a_scheduled_launch(
        client: FlaskClient, db: Session, make_country: MakeCountry,
        monkeypatch: pytest.MonkeyPatch) -> None:
    country = make_country(stage="live")
    change = operations.move(country, "paused", reason="x",
                             at_local="2099-01-01T10:00")
    assert client.get("/api/v1/countries/PL").status_code == 200
    from backoffice.api import client as client_api

    monkeypatch.setattr(client_api, "utcnow", lambda: change.effective_at + timedelta(seconds=1))
    assert client.get("/api/v1/countries/PL").status_code == 404


def test_timeline_filters(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("viewer")
    make_country()
    audit.record("catalog.saved", "catalog", "app/pl_PL", after={"n": 1}, country_code="PL")
    audit.record("country.updated", "country", "PL", after={"seats": 3}, country_code="PL")
    page = client.get("/countries/PL/timeline").get_data(as_text=True)
    assert "catalog.saved" in page and "country.updated" in page
    page = client.get("/countries/PL/timeline?kind=catalog").get_data(as_text=True)
    assert "catalog.saved" in page and "country.updated" not in page


def test_unknown_country_is_a_404(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    assert client.get("/countries/ZZ/readiness").status_code == 404
