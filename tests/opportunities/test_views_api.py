"""The opportunity view and the admin API."""

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.countries.models import Country
from backoffice.opportunities.models import Candidate, Weight
from backoffice.payments.models import PaymentConnectorConfig
from backoffice.playbook import operations as playbook
from backoffice.playbook.demo import load_templates
from tests.support.fixture_types import MakeCandidate, SignedIn, TokenFor


def test_the_console_adds_ranks_and_creates(
        client: FlaskClient, signed_in: SignedIn, candidate: MakeCandidate, db: Session) -> None:
    load_templates()
    candidate("CZ", ["cs_CZ"], hitchhiking=9)
    signed_in("launch_manager")
    added = client.post("/opportunities", data={"code": "at", "similar_to": "DE"})
    assert added.status_code == 302, added.get_data(as_text=True)
    assert db.get(Candidate, "AT").locales == ["de_AT"]
    saved = client.post("/opportunities/AT/indicators", data={
        "key": "hitchhiking", "value": "10", "source": "Survey", "as_of": "2026-10-01"})
    assert saved.status_code == 302
    page = client.get("/opportunities").get_data(as_text=True)
    assert page.index('data-candidate="AT"') < page.index('data-candidate="CZ"')
    assert "de_AT: about" in page
    weights = client.post("/opportunities/weights", data={"weight_hitchhiking": "7"})
    assert weights.status_code == 302 and float(db.get(Weight, "hitchhiking").weight) == 7
    created = client.post("/opportunities/AT/country", data={"timezone": "Europe/Vienna",
                                                              "currency": "EUR"})
    assert created.status_code == 302 and created.location.endswith("/countries/AT/playbook")
    assert db.get(Country, "AT").recorded_stage == "planned"
    assert len(playbook.tasks_of("AT")) == 8
    french = client.get("/opportunities", headers={"Accept-Language": "fr"})
    assert "Où lancer ensuite" in french.get_data(as_text=True)


def test_bad_input_changes_nothing(
        client: FlaskClient, signed_in: SignedIn, candidate: MakeCandidate, db: Session) -> None:
    candidate("CA", ["en_CA"])
    signed_in("launch_manager")
    assert client.post("/opportunities", data={"code": "XX"}).status_code == 400
    assert client.post("/opportunities/CA/country",
                       data={"timezone": "Mars/Olympus", "currency": "CAD"}).status_code == 400
    assert db.get(Country, "CA") is None


def test_readers_and_managers_of_other_countries_cannot_create(
        client: FlaskClient, signed_in: SignedIn, candidate: MakeCandidate) -> None:
    candidate("AT", ["de_AT"])
    signed_in("launch_manager", countries=("PL",))
    assert client.get("/opportunities").status_code == 200
    assert client.post("/opportunities/AT/country",
                       data={"timezone": "Europe/Vienna"}).status_code == 403


def test_the_admin_api_ranks_and_creates(
        client: FlaskClient, bearer: TokenFor, db: Session,
        connector: PaymentConnectorConfig) -> None:
    load_templates()
    manager = bearer()
    answer = client.post("/api/v1/admin/opportunities", headers=manager,
                         json={"code": "AT", "locales": ["de_AT"], "similar_to": ["DE"]})
    assert answer.status_code == 201, answer.get_json()
    put = client.put("/api/v1/admin/opportunities/AT/indicators/population", headers=manager,
                     json={"value": 9.1, "source": "World Bank", "as_of": "2026-06-30"})
    assert put.status_code == 200 and put.get_json()["indicators"][0]["value"] == 9.1
    asked = client.post("/api/v1/admin/opportunities/AT/payments", headers=manager)
    assert asked.status_code == 200 and "visa" in asked.get_json()["payment_methods"]
    patched = client.patch("/api/v1/admin/opportunities/AT", headers=manager,
                           json={"notes": "Vienna first", "version": 1})
    assert patched.status_code == 200
    assert client.patch("/api/v1/admin/opportunities/AT", headers=manager,
                        json={"notes": "x", "version": 1}).status_code == 409
    weights = client.put("/api/v1/admin/opportunities/weights", headers=manager,
                         json={"weights": {"population": 4}})
    assert weights.status_code == 200 and weights.get_json()["weights"]["population"] == 4
    for bad in ({"weights": {"nope": 1}}, {"weights": {"population": "a"}}, {"weights": 3}):
        assert client.put("/api/v1/admin/opportunities/weights", headers=manager,
                          json=bad).status_code == 400
    listed = client.get("/api/v1/admin/opportunities", headers=manager).get_json()
    assert listed["candidates"][0]["sentence"].startswith("de_AT")
    created = client.post("/api/v1/admin/opportunities/AT/country", headers=manager)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["candidate"]["created_country"] == "AT"
    playbook_answer = client.get("/api/v1/admin/countries/AT/playbook", headers=manager)
    assert len(playbook_answer.get_json()["tasks"]) == 8
    viewer = bearer("viewer")
    assert client.post("/api/v1/admin/opportunities", headers=viewer,
                       json={"code": "CZ"}).status_code == 403
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/admin/opportunities/{code}/country" in paths
