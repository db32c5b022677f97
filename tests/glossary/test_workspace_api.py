"""The admin API of the workspace: glossary terms, comment threads, bulk changes; all in
the OpenAPI document."""

from __future__ import annotations

from flask.testing import FlaskClient

from backoffice.accounts import tokens
from backoffice.accounts.models import User
from backoffice.catalogs import bulk
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser


def _bearer(user: User) -> dict[str, str]:
    _row, clear = tokens.create_token(user, "workspace")
    return {"Authorization": f"Bearer {clear}"}


def test_documented(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/admin/glossary/{language}/terms",
                 "/api/v1/admin/catalogs/messages/{message_id}/comments",
                 "/api/v1/admin/comment-threads/{thread_id}/resolve",
                 "/api/v1/admin/comment-requests",
                 "/api/v1/admin/catalogs/{domain}/{locale}/bulk/replace-preview",
                 "/api/v1/admin/catalogs/{domain}/{locale}/bulk/review",
                 "/api/v1/admin/catalog-bulk/{operation_id}/revert"):
        assert path in paths, path


def test_glossary_over_the_api(client: FlaskClient, make_user: MakeUser) -> None:
    french()
    admin = _bearer(make_user("admin"))
    saved = client.put("/api/v1/admin/glossary/fr/terms", headers=admin,
                       json={"source": "ride", "translation": "trajet", "part_of_speech": "noun"})
    assert saved.status_code == 200 and saved.get_json()["translation"] == "trajet"
    listed = client.get("/api/v1/admin/glossary/fr/terms", headers=admin).get_json()
    assert [t["source"] for t in listed["terms"]] == ["ride"]
    assert client.put("/api/v1/admin/glossary/fr/terms", headers=admin,
                      json={"source": "x", "do_not_translate": "yes"}).status_code == 400
    reviewer = _bearer(make_user("reviewer", locales=("fr_FR",)))
    assert client.put("/api/v1/admin/glossary/fr/terms", headers=reviewer,
                      json={"source": "seat", "translation": "place"}).status_code == 403


def test_comments_over_the_api(client: FlaskClient, make_user: MakeUser) -> None:
    _, child = french()
    pay = message(child, "Pay")
    translator = _bearer(make_user("translator", locales=("fr_BE",)))
    posted = client.post(f"/api/v1/admin/catalogs/messages/{pay.id}/comments",
                         headers=translator, json={"body": "Context please", "kind": "context"})
    assert posted.status_code == 201
    thread = posted.get_json()
    manager = _bearer(make_user("launch_manager"))
    requests = client.get("/api/v1/admin/comment-requests", headers=manager).get_json()
    assert [r["id"] for r in requests["requests"]] == [thread["id"]]
    resolved = client.post(f"/api/v1/admin/comment-threads/{thread['id']}/resolve",
                           headers=translator)
    assert resolved.get_json()["resolved_at"] is not None
    again = client.post(f"/api/v1/admin/comment-threads/{thread['id']}/resolve",
                        headers=translator)
    assert again.status_code == 400


def test_bulk_over_the_api(client: FlaskClient, make_user: MakeUser) -> None:
    parent, _ = french()
    reviewer = _bearer(make_user("reviewer", locales=("fr_FR",)))
    preview = client.get("/api/v1/admin/catalogs/app/fr_FR/bulk/replace-preview?find=trajet"
                         "&replace=voyage", headers=reviewer).get_json()
    assert len(preview["changes"]) == 2
    applied = client.post("/api/v1/admin/catalogs/app/fr_FR/bulk/replace", headers=reviewer,
                          json={"find": "trajet", "replace": "voyage",
                                "digest": preview["digest"]})
    assert applied.status_code == 200 and applied.get_json()["changed"] == 2
    stale = client.post("/api/v1/admin/catalogs/app/fr_FR/bulk/replace", headers=reviewer,
                        json={"find": "voyage", "replace": "x", "digest": preview["digest"]})
    assert stale.status_code == 409
    reviewed = client.post("/api/v1/admin/catalogs/app/fr_FR/bulk/review", headers=reviewer,
                           json={"state": "translated"}).get_json()
    assert reviewed["changed"] == 3
    reverted = client.post(f"/api/v1/admin/catalog-bulk/{reviewed['operation']}/revert",
                           headers=reviewer, json={"reason": "too soon"})
    assert reverted.get_json()["reverted"] == 3
    assert bulk.get(reviewed["operation"]).batch.reverted_at is not None
    other = _bearer(make_user("reviewer", locales=("pl_PL",)))
    assert client.post("/api/v1/admin/catalogs/app/fr_FR/bulk/review", headers=other,
                       json={}).status_code == 403
    assert message(parent, "Book").state == "translated"
