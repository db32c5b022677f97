"""The audit log as people read it: sentences, field changes, filters that find things."""

import csv
import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.audit import operations as audit
from tests.support.fixture_types import MakeUser, SignedIn


def _rows(client: FlaskClient, query: str = "") -> str:
    return client.get(f"/audit/?{query}").get_data(as_text=True)


def test_events_read_as_sentences_with_unicode_changes(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    admin = signed_in("admin")
    audit.record("catalog.translation_saved", "message", "app/pl_PL/7",
                 before={"translations": ["Skąd jedziesz?"], "state": "draft"},
                 after={"translations": ["Skąd jedziecie?"], "state": "translated"},
                 actor=admin)
    db.flush()
    page = _rows(client)
    assert f"{admin.email} saved a translation of message app/pl_PL/7" in page
    assert "<del>jedziesz</del>" in page and "<ins>jedziecie</ins>" in page
    assert "\\u0105" not in page and "catalog.translation_saved</" not in page
    assert "Draft" in page and "Translated" in page


def test_filters_match_part_of_person_and_object_in_any_case(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser, db: Session) -> None:
    signed_in("admin")
    finance = make_user("finance", email="Finance.Lead@example.com")
    other = make_user("viewer", email="viewer@example.com")
    audit.record("payments.killed", "country", "ES", country_code="ES", actor=finance,
                 before={"payment": "on"}, after={"payment": "killed"})
    audit.record("country.updated", "country", "FR", country_code="FR", actor=other,
                 after={"notes": "x"})
    db.flush()
    page = _rows(client, "actor=finance")
    assert "country ES" in page and "country FR" not in page
    page = _rows(client, "object_id=es")
    assert "country ES" in page and "country FR" not in page
    assert "No event matches" in _rows(client, "actor=100%25")  # % is a character, not a wildcard


def test_filter_by_action_and_hide_sign_ins(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser, db: Session) -> None:
    signed_in("admin")
    person = make_user("viewer", email="v@example.com")
    audit.record("user.signed_in", "user", person.id, actor=person)
    audit.record("token.created", "api_token", 3, actor=person, after={"name": "ci"})
    db.flush()
    page = _rows(client, "action=user.signed_in")
    assert "v@example.com signed in" in page and "API token 3" not in page
    page = _rows(client, "without_sign_ins=y")
    assert "v@example.com signed in" not in page and "API token 3" in page
    form = _rows(client)
    assert '<select id="action" name="action">' in form
    assert '<option value="user.signed_in">Sign-in</option>' in form
    assert '<select id="object_type" name="object_type">' in form
    assert _rows(client, "action=user.signed_in") and client.get(
        "/audit/?action=no.such").status_code == 400


def test_object_type_is_chosen_from_a_list(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    audit.record("token.revoked", "api_token", 9)
    audit.record("user.updated", "user", 9)
    db.flush()
    page = _rows(client, "object_type=api_token")
    assert "API token 9" in page and "user 9" not in page


def test_french_page_reads_in_french(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    admin = signed_in("admin")
    client.post("/language", data={"language": "fr"})
    audit.record("payments.killed", "country", "ES", country_code="ES", actor=admin,
                 before={"payment": "on"}, after={"payment": "killed"})
    db.flush()
    page = _rows(client)
    assert "paiement" in page.lower() and "Killed" not in page and "Coupé" in page


def test_csv_export_stays_raw_and_complete(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    audit.record("catalog.translation_saved", "message", "app/pl_PL/7", country_code="PL",
                 before={"translations": ["Skąd"]}, after={"translations": ["Dokąd"]})
    db.flush()
    rows = list(csv.DictReader(io.StringIO(
        client.get("/audit/export.csv?object_id=pl_pl").get_data(as_text=True))))
    assert rows[-1]["action"] == "catalog.translation_saved"
    assert rows[-1]["before"] == '{"translations": ["Skąd"]}'
    assert rows[-1]["object_type"] == "message"
