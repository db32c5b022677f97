from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import ConflictError, OperationError
from backoffice.countries import operations as countries_ops
from backoffice.countries.models import Country, StateChange
from backoffice.countries.state import state_of
from backoffice.launch import gates as launch_gates
from backoffice.launch import operations
from backoffice.launch.gates import Gate, readiness
from tests.support.fixture_types import MakeCountry, Translate
from tests.support.state import shown_stage


def _local(country: Country, delta: timedelta) -> str:
    moment = datetime.now(UTC) + delta
    return moment.astimezone(ZoneInfo(country.timezone)).strftime("%Y-%m-%dT%H:%M")


def test_move_to_live_when_gates_pass(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country()
    translate("pl_PL")
    change = operations.move(country, "live", reason="translated")
    assert shown_stage(country) == "live" and change.status == "applied"
    event = db.query(AuditEvent).filter_by(action="country.stage_changed").one()
    assert event.before == {"stage": "translating", "launch_stage": "translating"}
    assert event.after == {"stage": "live", "launch_stage": "live"}
    assert event.country_code == "PL" and event.reason == "translated"


def test_gates_block_with_reasons(db: Session, make_country: MakeCountry) -> None:
    country = make_country(locales=())
    with pytest.raises(operations.TransitionRefused) as refused:
        operations.move(country, "live", reason="go")
    assert "no locale" in refused.value.message
    assert refused.value.status_code == 409
    assert shown_stage(country) == "translating"
    assert db.query(StateChange).count() == 0


def test_translation_gate_counts_and_threshold(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country()
    translate("pl_PL", translated=2)
    with pytest.raises(operations.TransitionRefused,
                       match=r"pl_PL app: 2 of 3 messages translated \(66 %\), 100 % needed"):
        operations.move(country, "live", reason="go")
    with pytest.raises(OperationError, match="1 to 100"):
        countries_ops.set_translation_threshold(country, 0)
    countries_ops.set_translation_threshold(country, 60, reason="soft launch")
    operations.move(country, "live", reason="go")
    assert shown_stage(country) == "live"


def test_inherited_translations_count(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    from backoffice.countries.models import Locale

    country = make_country(code="BE", locales=("fr_BE",), currency="EUR",
                           timezone="Europe/Brussels")
    translate("fr_FR")
    db.get(Locale, "fr_BE").parent_code = "fr_FR"
    translate("fr_BE", translated=0)
    operations.move(country, "live", reason="inherits everything from fr_FR")
    assert shown_stage(country) == "live"


def test_a_listed_domain_gate_blocks(
        db: Session, make_country: MakeCountry, monkeypatch: pytest.MonkeyPatch) -> None:
    country = make_country()
    providers = (*launch_gates.GATES["live"],
                 lambda c, ctx: [Gate("app_catalog", False, "pl_PL app: 412 of 500 translated")])
    monkeypatch.setitem(launch_gates.GATES, "live", providers)
    with pytest.raises(operations.TransitionRefused, match="412 of 500"):
        operations.move(country, "live", reason="go")
    assert any(not g.passed for g in readiness(country)["live"])


@pytest.mark.parametrize(("stage", "target"), [
    ("planned", "live"), ("translating", "paused"), ("live", "planned"),
])
def test_moves_that_are_not_allowed(
        db: Session, make_country: MakeCountry, stage: str, target: str) -> None:
    country = make_country(stage=stage)
    with pytest.raises(ConflictError, match="cannot move"):
        operations.move(country, target, reason="x")
    assert shown_stage(country) == stage


def test_payments_live_only_through_finance(db: Session, make_country: MakeCountry) -> None:
    country = make_country(stage="live")
    with pytest.raises(OperationError, match="change request"):
        operations.move(country, "payments_live", reason="x")
    with pytest.raises(OperationError, match="Unknown stage"):
        operations.move(country, "launched", reason="x")


def test_pause_keeps_payment_and_resume_brings_it_back(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country(stage="payments_live")
    translate("pl_PL")
    operations.move(country, "paused", reason="incident")
    state = state_of(country)
    assert (state.stage, state.payment, state.visible) == ("paused", "on", False)
    assert operations.possible_moves(state) == ["live"]
    operations.move(country, "live", reason="resolved")
    assert shown_stage(country) == "payments_live"


def test_resume_goes_through_the_gates_into_live(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country(stage="paused")
    translate("pl_PL", translated=1)
    with pytest.raises(operations.TransitionRefused, match="1 of 3"):
        operations.move(country, "live", reason="back")
    assert shown_stage(country) == "paused"


def test_a_move_needs_a_reason(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country()
    translate("pl_PL")
    with pytest.raises(OperationError, match="reason"):
        operations.move(country, "live", reason="  ")
    assert shown_stage(country) == "translating"


def test_scheduled_move_takes_effect_on_the_minute(db: Session, make_country: MakeCountry) -> None:
    country = make_country(stage="live", timezone="America/Mexico_City", code="MX",
                           locales=("es_MX",), currency="MXN")
    at_local = _local(country, timedelta(hours=2))
    change = operations.move(country, "paused", reason="maintenance", at_local=at_local)
    assert change.status == "scheduled" and shown_stage(country) == "live"
    before = change.effective_at - timedelta(minutes=1)
    assert state_of(country, before).public_stage == "live"
    assert state_of(country, change.effective_at).public_stage == "paused"
    assert operations.apply_due_changes(before) == []
    assert operations.apply_due_changes(change.effective_at) == [change]
    assert shown_stage(country) == "paused" and change.status == "applied"
    assert operations.apply_due_changes(change.effective_at) == []  # idempotent


@pytest.mark.parametrize(("text", "message"), [
    ("2020-01-01T10:00", "in the past"),
    ("tomorrow", "YYYY-MM-DDTHH:MM"),
    ("2030-03-31T02:30", "does not exist"),   # Europe/Warsaw springs forward at 02:00
    ("2030-10-27T02:30", "happens twice"),    # and falls back at 03:00
])
def test_bad_schedule_times(
        db: Session, make_country: MakeCountry, text: str, message: str) -> None:
    country = make_country(stage="live")
    with pytest.raises(OperationError, match=message):
        operations.move(country, "paused", reason="x", at_local=text)
    assert db.query(StateChange).count() == 0


def test_cancel_a_scheduled_move(db: Session, make_country: MakeCountry) -> None:
    country = make_country(stage="live")
    change = operations.move(country, "paused", reason="x",
                             at_local=_local(country, timedelta(days=1)))
    operations.cancel_scheduled(country, change.id, reason="not needed")
    assert change.status == "cancelled" and change.cancel_reason == "not needed"
    assert state_of(country, change.effective_at).public_stage == "live"
