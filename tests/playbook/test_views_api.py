"""The playbook in the console and the admin API."""

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.countries.models import Country
from backoffice.playbook import operations
from backoffice.playbook.demo import load_templates
from backoffice.playbook.models import PlaybookTask, TaskTemplate
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, TokenFor


@pytest.fixture
def india(db: Session, make_country: MakeCountry) -> Country:
    load_templates()
    return make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")


def test_a_manager_instantiates_and_edits_a_task_in_the_console(
        client: FlaskClient, signed_in: SignedIn, india: Country, db: Session) -> None:
    manager = signed_in("launch_manager")
    assert client.post("/countries/IN/playbook/instantiate").status_code == 302
    task = operations.tasks_of("IN")[1]
    response = client.post(f"/countries/IN/playbook/{task.id}", data={
        "status": "in_progress", "owner": manager.email, "notes": "Two signed",
        "version": str(task.version)})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.expire_all()
    task = db.get(PlaybookTask, task.id)
    assert (task.status, task.owner_id, task.notes) == ("in_progress", manager.id, "Two signed")
    page = client.get("/countries/IN/playbook").get_data(as_text=True)
    assert "Community partners signed" in page and "Two signed" in page
    stale = client.post(f"/countries/IN/playbook/{task.id}", data={
        "status": "done", "version": "1"})
    assert stale.status_code == 409
    readiness = client.get("/countries/IN/readiness").get_data(as_text=True)
    assert ('Playbook: <span translate="no">Community partners signed</span> is not done'
            in readiness)  # the title is the team's text, marked as such
    french = client.get("/countries/IN/playbook", headers={"Accept-Language": "fr"})
    assert "Plan de lancement" in french.get_data(as_text=True)


def test_templates_are_edited_in_the_console(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    response = client.post("/playbook/templates", data={
        "key": "visa", "title": "Visa rules checked", "stage": "live", "required": "y",
        "offset_days": "-10", "position": "5", "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    row = db.query(TaskTemplate).filter_by(key="visa").one()
    assert row.required and row.offset_days == -10
    assert client.get(f"/playbook/templates/{row.id}").status_code == 200
    bad = client.post("/playbook/templates", data={
        "key": "Not valid", "title": "x", "stage": "live", "offset_days": "0"})
    assert bad.status_code == 400


def test_readers_and_other_countries_managers_cannot_edit(
        client: FlaskClient, signed_in: SignedIn, india: Country) -> None:
    operations.instantiate(india)
    task = operations.tasks_of("IN")[0]
    signed_in("launch_manager", countries=("PL",))
    assert client.get("/countries/IN/playbook").status_code == 200
    assert client.post(f"/countries/IN/playbook/{task.id}",
                       data={"status": "done"}).status_code == 403
    assert client.post("/countries/IN/playbook/instantiate").status_code == 403


def test_the_admin_api_drives_templates_and_tasks(
        client: FlaskClient, bearer: TokenFor, india: Country, make_user: MakeUser) -> None:
    manager = bearer()
    owner = make_user("launch_manager")
    created = client.post("/api/v1/admin/playbook/templates", headers=manager, json={
        "key": "visa", "title": "Visa rules checked", "stage": "live", "required": True,
        "offset_days": -5})
    assert created.status_code == 201, created.get_json()
    template = created.get_json()
    changed = client.put(f"/api/v1/admin/playbook/templates/{template['id']}",
                         headers=manager, json={"title": "Visa rules", "version": 1})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    assert client.put(f"/api/v1/admin/playbook/templates/{template['id']}", headers=manager,
                      json={"title": "Again", "version": 1}).status_code == 409
    body = client.post("/api/v1/admin/countries/IN/playbook", headers=manager).get_json()
    assert len(body["tasks"]) == 9
    task = body["tasks"][0]
    patched = client.patch(f"/api/v1/admin/countries/IN/playbook/{task['id']}",
                           headers=manager, json={"status": "done", "owner": owner.email,
                                                  "due_date": "2027-01-10"})
    assert patched.status_code == 200, patched.get_json()
    first = patched.get_json()["tasks"][0]
    assert (first["status"], first["owner"], first["due"]) == ("done", owner.email,
                                                                "2027-01-10")
    for bad in ({"status": "maybe"}, {"due_date": "tomorrow"}, {"owner": "x@nowhere.test"},
                {"required": "yes"}):
        answer = client.patch(f"/api/v1/admin/countries/IN/playbook/{task['id']}",
                              headers=manager, json=bad)
        assert answer.status_code == 400, bad
    viewer = bearer("viewer")
    assert client.get("/api/v1/admin/countries/IN/playbook", headers=viewer).status_code == 200
    assert client.patch(f"/api/v1/admin/countries/IN/playbook/{task['id']}", headers=viewer,
                        json={"status": "todo"}).status_code == 403
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/admin/countries/{code}/playbook/{task_id}" in paths
