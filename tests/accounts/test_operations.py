import pytest
from flask import Flask
from sqlalchemy.orm import Session

from backoffice.accounts import operations
from backoffice.accounts.models import User
from backoffice.audit.models import AuditEvent
from backoffice.core.errors import OperationError
from tests.conftest import TEST_PASSWORD
from tests.support.fixture_types import MakeUser


def test_create_user_normalizes_and_audits(db: Session) -> None:
    user = operations.create_user(
        " Ana@Example.COM ", "translator", TEST_PASSWORD, locales=["pl_PL", "fr_BE", "crh"]
    )
    assert user.email == "ana@example.com"
    assert user.locales == ["crh", "fr_BE", "pl_PL"]  # the ids as the team writes them
    assert user.password_hash != TEST_PASSWORD and user.password_hash.startswith("scrypt")
    event = db.query(AuditEvent).filter_by(action="user.created").one()
    assert event.object_id == str(user.id)
    assert event.after["email"] == "ana@example.com"
    assert "password" not in str(event.after)


@pytest.mark.parametrize(
    ("email", "role", "password", "locales", "countries", "field"),
    [
        ("not-an-email", "admin", TEST_PASSWORD, (), (), "email"),
        ("a@example.com", "boss", TEST_PASSWORD, (), (), "role"),
        ("a@example.com", "admin", "", (), (), "password"),
        ("a@example.com", "admin", "short", (), (), "password"),
        ("a@example.com", "admin", "aaaaaaaaaaaaaaa", (), (), "password"),
        ("alexandra@example.com", "admin", "xx-alexandra-99", (), (), "password"),
        ("a@example.com", "translator", TEST_PASSWORD, (), (), "locales"),
        ("a@example.com", "translator", TEST_PASSWORD, ("pl-PL",), (), "locales"),
        ("a@example.com", "launch_manager", TEST_PASSWORD, (), ("fr",), "countries"),
        ("a@example.com", "launch_manager", TEST_PASSWORD, (), ("QQ",), "countries"),
        ("a@example.com", "finance", TEST_PASSWORD, (), ("FR",), "countries"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
        db: Session, email: str, role: str, password: str, locales: tuple[str, ...],
        countries: tuple[str, ...], field: str) -> None:
    with pytest.raises(OperationError) as error:
        operations.create_user(email, role, password, locales=locales, countries=countries)
    assert error.value.field == field
    assert error.value.message
    assert db.query(User).count() == 0
    assert db.query(AuditEvent).count() == 0


def test_duplicate_email_is_refused(db: Session) -> None:
    operations.create_user("a@example.com", "viewer", TEST_PASSWORD)
    with pytest.raises(OperationError, match="already exists"):
        operations.create_user("A@example.com", "admin", TEST_PASSWORD)
    assert db.query(User).count() == 1


def test_update_user_records_before_and_after(app: Flask, db: Session, make_user: MakeUser) -> None:
    from backoffice.accounts.models import UserSession
    from tests.conftest import sign_in

    user = make_user("translator", locales=("pl_PL",))
    sign_in(app.test_client(), user)
    operations.update_user(user, role="reviewer", locales=["pl_PL", "es_MX"], countries=[],
                           active=False, reason="moved team")
    event = db.query(AuditEvent).filter_by(action="user.updated").one()
    assert event.before == {"active": True, "locales": ["pl_PL"], "role": "translator"}
    assert event.after == {"active": False, "locales": ["es_MX", "pl_PL"], "role": "reviewer"}
    assert event.reason == "moved team"
    session = db.query(UserSession).filter_by(user_id=user.id).one()
    assert session.ended_at is not None and session.end_reason == "disabled"


def test_scopes(make_user: MakeUser) -> None:
    translator = make_user("translator", locales=("pl_PL",))
    assert translator.can_work_on_locale("pl_PL")
    assert not translator.can_work_on_locale("fr_FR")
    manager = make_user("launch_manager", countries=("PL",))
    assert manager.can_manage_country("PL") and not manager.can_manage_country("FR")
    assert make_user("launch_manager").can_manage_country("FR")


def test_password_change_is_audited_without_the_password(db: Session, make_user: MakeUser) -> None:
    user = make_user("viewer")
    operations.set_password(user, "another-long-password-7")
    event = db.query(AuditEvent).filter_by(action="user.password_changed").one()
    assert "another-long-password-7" not in repr(event.before) + repr(event.after)
    assert event.after == {"password": "[redacted]"}
