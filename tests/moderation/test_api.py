"""Admin API for the roster and the needs; the client API shows the risk, never names."""

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from tests.support.fixture_types import MakeCountry, TokenFor, Translate


def test_roster_and_need_through_the_admin_api(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry, translate: Translate,
        db: Session) -> None:
    translate("ru_RU")
    make_country("RU", stage="live", locales=("ru_RU",), timezone="Europe/Moscow",
                 currency="RUB")
    manager = bearer()
    created = client.post("/api/v1/admin/moderation/moderators", headers=manager, json={
        "name": "Olga", "languages": ["ru"], "weekly_hours": 200, "timezone": "Europe/Moscow",
        "shift_start": 8, "shift_end": 24, "kind": "team"})
    assert created.status_code == 201, created.get_json()
    moderator = created.get_json()
    need = client.put("/api/v1/admin/countries/RU/moderation", headers=manager,
                      json={"expected_load": 13300, "hours_per_thousand": 10})
    assert need.status_code == 200, need.get_json()
    assert need.get_json()["coverage"][0]["passed"] is True
    assert client.get("/api/v1/countries/RU").get_json()["at_risk"] is False

    cut = client.put(f"/api/v1/admin/moderation/moderators/{moderator['id']}",
                     headers=manager, json={"weekly_hours": 60, "version": 1})
    assert cut.status_code == 200 and cut.get_json()["version"] == 2
    stale = client.put(f"/api/v1/admin/moderation/moderators/{moderator['id']}",
                       headers=manager, json={"weekly_hours": 80, "version": 1})
    assert stale.status_code == 409
    body = client.get("/api/v1/admin/countries/RU/moderation", headers=manager).get_json()
    assert body["coverage"][0]["percent"] == 45 and "Olga" not in str(body)
    public = client.get("/api/v1/countries/RU")
    assert public.get_json()["at_risk"] is True
    assert "Olga" not in public.get_data(as_text=True)
    listed = client.get("/api/v1/admin/moderation/moderators", headers=manager).get_json()
    assert [m["name"] for m in listed["moderators"]] == ["Olga"]
    assert db.query(AuditEvent).filter(AuditEvent.action.like("moderation.%")).count() == 3


def test_bad_bodies_are_400_and_readers_are_403(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry) -> None:
    make_country("RU", locales=("ru_RU",), timezone="Europe/Moscow", currency="RUB")
    manager = bearer()
    for body in ({"name": "X", "languages": "ru", "timezone": "UTC"},
                 {"name": "X", "languages": ["ru"], "timezone": "Nowhere/City"},
                 {"name": "X", "languages": ["ru"], "timezone": "UTC", "weekly_hours": "9"}):
        answer = client.post("/api/v1/admin/moderation/moderators", headers=manager, json=body)
        assert answer.status_code == 400, body
    assert client.put("/api/v1/admin/countries/RU/moderation", headers=manager,
                      json={"expected_load": 1, "hours_per_thousand": True}).status_code == 400
    viewer = bearer("viewer")
    assert client.get("/api/v1/admin/countries/RU/moderation", headers=viewer).status_code == 200
    assert client.put("/api/v1/admin/countries/RU/moderation", headers=viewer, json={
        "expected_load": 1, "hours_per_thousand": 1}).status_code == 403


def test_the_openapi_document_lists_the_endpoints(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/admin/countries/{code}/moderation" in paths
    assert "/api/v1/admin/moderation/moderators/{moderator_id}" in paths
