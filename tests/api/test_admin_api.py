import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.countries.models import StateChange
from tests.support.fixture_types import MakeCountry, MakeUser, TokenFor, Translate
from tests.support.state import shown_stage


def test_requires_a_valid_token(client: FlaskClient, make_country: MakeCountry) -> None:
    make_country()
    assert client.get("/api/v1/admin/countries/PL/readiness").status_code == 401
    response = client.get("/api/v1/admin/countries/PL/readiness",
                          headers={"Authorization": "Bearer bo_forged"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_refused(
        client: FlaskClient, make_user: MakeUser, make_country: MakeCountry) -> None:
    make_country()
    user = make_user("launch_manager")
    row, clear = tokens.create_token(user, "ci")
    tokens.revoke_token(user, row.id)
    response = client.get("/api/v1/admin/countries/PL/readiness",
                          headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 401


def test_readiness(client: FlaskClient, bearer: TokenFor, make_country: MakeCountry) -> None:
    make_country()
    body = client.get("/api/v1/admin/countries/PL/readiness", headers=bearer("viewer")).get_json()
    assert body["possible_moves"] == ["live", "planned"]
    assert {g["id"] for g in body["gates"]["live"]} >= {"locales", "ride_rules"}
    response = client.get("/api/v1/admin/countries/ZZ/readiness", headers=bearer("viewer"))
    assert response.status_code == 404 and "error" in response.get_json()


def test_transition_and_role(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry, db: Session,
        translate: Translate) -> None:
    country = make_country()
    translate("pl_PL")
    refused = client.post("/api/v1/admin/countries/PL/transitions", headers=bearer("translator"),
                          json={"stage": "live", "reason": "go"})
    assert refused.status_code == 403
    moved = client.post("/api/v1/admin/countries/PL/transitions",
                        headers=bearer("launch_manager"), json={"stage": "live", "reason": "go"})
    assert moved.status_code == 200, moved.get_json()
    assert shown_stage(country) == "live"


def test_invalid_transition_is_409_with_failing_gates(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry, db: Session) -> None:
    make_country(locales=())
    response = client.post("/api/v1/admin/countries/PL/transitions", headers=bearer(),
                           json={"stage": "live", "reason": "go"})
    assert response.status_code == 409
    body = response.get_json()
    assert [g["id"] for g in body["failing_gates"]] == ["locales"]
    assert db.query(StateChange).count() == 0


@pytest.mark.parametrize("body", [None, [], {"stage": 3, "reason": "x"}, {"stage": "live"},
                                  {"stage": "live", "reason": "x" * 600},
                                  {"stage": "live", "reason": "x", "at": "soon"}])
def test_bad_bodies(client: FlaskClient, bearer: TokenFor, make_country: MakeCountry,
        body: object, db: Session) -> None:
    country = make_country()
    response = client.post("/api/v1/admin/countries/PL/transitions", headers=bearer(), json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]
    assert shown_stage(country) == "translating"


def test_scoped_token_cannot_move_other_countries(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry) -> None:
    make_country()
    response = client.post("/api/v1/admin/countries/PL/transitions",
                           headers=bearer(countries=("MX",)), json={"stage": "live",
                                                                    "reason": "x"})
    assert response.status_code == 403


def test_audit_events(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry,
        translate: Translate) -> None:
    make_country()
    translate("pl_PL")
    client.post("/api/v1/admin/countries/PL/transitions", headers=bearer(),
                json={"stage": "live", "reason": "go"})
    events = client.get("/api/v1/admin/audit-events?country=PL",
                        headers=bearer("finance")).get_json()["events"]
    assert events[0]["action"] == "country.stage_changed"
    assert client.get("/api/v1/admin/audit-events?limit=abc",
                      headers=bearer("finance")).status_code == 400
    assert client.get("/api/v1/admin/audit-events", headers=bearer("viewer")).status_code == 403
