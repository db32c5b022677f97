"""Playbook tasks: instantiated from templates, due from the target, gates, overdue mail."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import ConflictError, OperationError
from backoffice.countries.models import Country
from backoffice.launch.gates import blocking, gates_for, readiness, risks
from backoffice.notifications.models import Notification
from backoffice.planning.operations import set_stage_target
from backoffice.playbook import operations
from backoffice.playbook.demo import DEFAULT_TEMPLATES, load_templates
from backoffice.playbook.operations import TemplateInput
from tests.support.fixture_types import MakeCountry, MakeUser, Translate


@pytest.fixture
def india(db: Session, make_country: MakeCountry) -> Country:
    load_templates()
    return make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")


def test_instantiate_copies_active_templates_once_and_is_audited(
        db: Session, india: Country) -> None:
    tasks = operations.instantiate(india)
    assert [t.title for t in tasks] == [t.title for t in DEFAULT_TEMPLATES]
    assert operations.instantiate(india) == []
    operations.save_template(None, TemplateInput("visa", "Visa rules checked", "live"))
    assert [t.title for t in operations.instantiate(india)] == ["Visa rules checked"]
    assert db.query(AuditEvent).filter_by(action="playbook.instantiated").count() == 2


def test_due_dates_follow_the_target_date_unless_set(db: Session, india: Country) -> None:
    operations.instantiate(india)
    lead = operations.tasks_of("IN")[0]
    assert operations.due_of(lead, {}) is None
    set_stage_target(india, "live", date(2027, 3, 1))
    assert operations.due_of(lead, {"live": date(2027, 3, 1)}) == date(2026, 12, 31)
    operations.update_task(lead, due_date=date(2027, 1, 15))
    assert operations.due_of(lead, {"live": date(2027, 3, 1)}) == date(2027, 1, 15)


def test_required_tasks_gate_their_stage_and_others_warn(
        db: Session, india: Country, make_user: MakeUser) -> None:
    operations.instantiate(india)
    live = [g for g in gates_for(india, "live") if g.id.startswith("playbook_")]
    required = [g for g in live if g.severity == "error"]
    assert len(live) == 7 and len(required) == 5 and not any(g.passed for g in live)
    assert "Local team lead hired is not done" in required[0].message
    payments = [g for g in readiness(india)["payments_live"] if g.id.startswith("playbook_")]
    assert len(payments) == 1 and payments[0].severity == "error"
    for task in operations.tasks_of("IN"):
        if task.required and task.stage == "live":
            operations.update_task(task, status="done")
    assert not [g for g in blocking(gates_for(india, "live")) if g.id.startswith("playbook_")]


def test_a_live_country_with_an_undone_required_task_is_at_risk(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    translate("fr_FR")
    france = make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                          currency="EUR")
    assert "FR" not in risks([france])
    operations.save_template(None, TemplateInput("press", "Press kit", "live", True))
    operations.instantiate(france)
    assert [g.id for g in risks([france])["FR"]][0].startswith("playbook_")


def test_overdue_tasks_tell_their_owner_once(
        db: Session, india: Country, make_user: MakeUser) -> None:
    owner = make_user("launch_manager")
    set_stage_target(india, "live", date(2027, 3, 1))
    operations.instantiate(india)
    lead = operations.tasks_of("IN")[0]
    operations.update_task(lead, owner=owner.email)
    now = datetime(2027, 1, 5, 8, tzinfo=UTC)  # the lead was due on 2026-12-31
    assert operations.notify_overdue(now) == 1
    assert operations.notify_overdue(now + timedelta(hours=1)) == 0
    [note] = db.query(Notification).filter_by(user_id=owner.id).all()
    assert note.kind == "playbook_overdue" and note.params["task"] == "Local team lead hired"
    operations.update_task(lead, status="done")
    assert operations.overdue(now) == []


def test_bad_changes_are_refused(db: Session, india: Country) -> None:
    operations.instantiate(india)
    task = operations.tasks_of("IN")[0]
    for changes in ({"status": "maybe"}, {"owner": "nobody@example.com"}, {"title": ""},
                    {"stage": "paused"}, {"colour": "red"}):
        with pytest.raises(OperationError):
            operations.update_task(task, **changes)
    with pytest.raises(ConflictError):
        operations.update_task(task, expected_version=task.version + 1, status="done")
    for bad in (TemplateInput("Bad Key", "x", "live"), TemplateInput("k", "x", "planned"),
                TemplateInput("k", "x", "live", offset_days=9999),
                TemplateInput("press_kit", "Duplicate", "live")):
        with pytest.raises(OperationError):
            operations.save_template(None, bad)
