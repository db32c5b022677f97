import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from backoffice.audit import operations as audit
from backoffice.audit.models import AppendOnlyError, AuditEvent
from tests.support.fixture_types import SignedIn


def test_record_keeps_only_changed_fields_and_redacts_secrets(db: Session) -> None:
    event = audit.record(
        "connector.updated", "connector", 7,
        before={"merchant": "A", "api_key": "old-secret", "platform": "test"},
        after={"merchant": "B", "api_key": "new-secret", "platform": "test"},
        reason="rotation", country_code="FR",
    )
    assert event.before == {"api_key": "[redacted]", "merchant": "A"}
    assert event.after == {"api_key": "[redacted]", "merchant": "B"}
    assert "secret" not in repr(event.before) + repr(event.after)
    assert event.country_code == "FR"


def test_audit_rows_cannot_be_changed_through_the_orm(db: Session) -> None:
    event = audit.record("x.created", "x", 1, after={"a": 1})
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()


def test_audit_rows_cannot_be_deleted_through_the_orm(db: Session) -> None:
    event = audit.record("x.created", "x", 1, after={"a": 1})
    db.delete(event)
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET reason = 'rewritten'",
    "DELETE FROM audit_events",
])
def test_database_refuses_rewrites(db: Session, statement: str) -> None:
    audit.record("x.created", "x", 1, after={"a": 1})
    db.flush()
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(text(statement))
    db.rollback()


def test_request_events_carry_actor_and_request_id(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    admin = signed_in("admin")
    client.post(
        "/users/new",
        data={"email": "n@example.com", "role": "viewer", "password": "long-enough-pass-1"},
        headers={"X-Request-ID": "req-123"},
    )
    event = db.query(AuditEvent).filter_by(action="user.created", object_type="user").all()[-1]
    assert event.actor_email == admin.email
    assert event.request_id == "req-123"


def test_filters_in_the_console(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    audit.record("country.updated", "country", "FR", after={"x": 1}, country_code="FR")
    audit.record("country.updated", "country", "PL", after={"x": 2}, country_code="PL")
    db.flush()
    page = client.get("/audit/?country=PL").get_data(as_text=True)
    assert "country PL" in page and "country FR" not in page
    today = datetime.now(UTC).date()
    page = client.get(f"/audit/?date_from={today + timedelta(days=1)}").get_data(as_text=True)
    assert "No event matches" in page
    page = client.get("/audit/?date_from=not-a-date").get_data(as_text=True)
    assert "Not a valid date value" in page


def test_csv_export(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    audit.record("country.updated", "country", "FR", after={"name": "=cmd()"}, country_code="FR",
                 reason="+danger")
    db.flush()
    response = client.get("/audit/export.csv?country=FR")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1
    assert rows[0]["object_id"] == "FR"
    assert rows[0]["reason"] == "'+danger"  # never a spreadsheet formula
