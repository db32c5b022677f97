"""Moderation coverage: the gate into live, its sentence, and the risk after launch."""

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import OperationError
from backoffice.launch.gates import GateContext, gates_for, readiness, risks
from backoffice.moderation import coverage, operations
from backoffice.moderation.operations import ModeratorInput
from tests.support.fixture_types import MakeCountry

WINTER = date(2026, 12, 7)


def russian_pair() -> None:
    for name in ("Olga", "Dmitri"):
        operations.save_moderator(None, ModeratorInput(name, ["ru"], 30, "Europe/Berlin",
                                                       shift_start=9, shift_end=17))


def test_the_gate_says_who_speaks_the_language_hours_share_and_uncovered_evenings(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("RU", locales=("ru_RU",), timezone="Europe/Moscow",
                           currency="RUB")
    russian_pair()
    operations.set_need(country, expected_load=13_300, hours_per_thousand="10")
    [item] = coverage.coverage_of(country, coverage.load(), WINTER)
    assert (item.moderators, item.hours, item.percent) == (2, 60.0, 45)
    assert not item.evenings_covered and not item.passed
    assert coverage.sentence(item) == ("ru_RU: 2 moderators speak Russian, 60 h a week, "
                                       "45 % of the need; Moscow evenings uncovered.")
    [gate] = [g for g in gates_for(country, "live") if g.id.startswith("moderation")]
    assert gate.id == "moderation_ru_RU" and not gate.passed
    assert gate.severity == "warning"  # the default: the move is not blocked


def test_enough_hours_and_evening_shifts_pass(db: Session, make_country: MakeCountry) -> None:
    country = make_country("RU", locales=("ru_RU",), timezone="Europe/Moscow",
                           currency="RUB")
    operations.save_moderator(None, ModeratorInput("Team", ["ru"], 200, "Europe/Moscow",
                                                   "team", 8, 24))
    operations.set_need(country, expected_load=13_300, hours_per_thousand="10")
    [item] = coverage.coverage_of(country, coverage.load(), WINTER)
    assert item.passed and item.evenings_covered and item.percent == 150


def test_an_error_severity_blocks_and_a_country_without_need_is_not_measured(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("RU", locales=("ru_RU",), timezone="Europe/Moscow",
                           currency="RUB")
    [gate] = [g for g in readiness(country)["live"] if g.id.startswith("moderation")]
    assert gate.passed and "not measured" in gate.message
    russian_pair()
    operations.set_need(country, expected_load=13_300, hours_per_thousand="10",
                        severity="error")
    [gate] = [g for g in gates_for(country, "live") if g.id.startswith("moderation")]
    assert not gate.passed and gate.severity == "error"


@pytest.mark.parametrize("severity", ["warning", "error"])
def test_a_live_country_whose_coverage_drops_is_at_risk(
        db: Session, make_country: MakeCountry, severity: str) -> None:
    country = make_country("RU", stage="live", locales=("ru_RU",),
                           timezone="Europe/Moscow", currency="RUB")
    team = operations.save_moderator(None, ModeratorInput("Team", ["ru"], 200,
                                                          "Europe/Moscow", "team", 8, 24))
    operations.set_need(country, expected_load=13_300, hours_per_thousand="10",
                        severity=severity)
    assert "moderation_ru_RU" not in [g.id for g in risks([country]).get("RU", [])]
    operations.save_moderator(team, ModeratorInput("Team", ["ru"], 50, "Europe/Moscow",
                                                   "team", 8, 24))
    failing = [g.id for g in risks([country], GateContext.load([country])).get("RU", [])]
    assert failing.count("moderation_ru_RU") == 1


def test_the_roster_is_read_once_for_many_countries(
        db: Session, make_country: MakeCountry, engine: Engine) -> None:
    from tests.support.queries import QueryCounter

    countries = [make_country(code, locales=(f"{lang}_{code}",), timezone="Europe/Paris",
                              currency="EUR")
                 for code, lang in (("FR", "fr"), ("BE", "nl"), ("DE", "de"))]
    for country in countries:
        operations.set_need(country, expected_load=1000, hours_per_thousand=1)
    ctx = GateContext.load(countries)
    gates_for(countries[0], "live", ctx)
    with QueryCounter(engine) as queries:
        for country in countries:
            gates_for(country, "live", ctx)
    assert queries.count == 0


def test_changes_are_audited_and_bad_input_refused(db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", locales=("hi_IN",), timezone="Asia/Kolkata", currency="INR")
    row = operations.save_moderator(None, ModeratorInput("Anjali", ["hi", "EN"], 40,
                                                         "Asia/Kolkata"))
    assert row.languages == ["hi", "en"]
    operations.set_need(country, expected_load=40_000, hours_per_thousand="5")
    actions = [e.action for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-2:] == ["moderation.moderator_saved", "moderation.need_set"]
    operations.set_need(country, expected_load=40_000, hours_per_thousand="5")
    assert db.query(AuditEvent).count() == len(actions)  # nothing changed, nothing recorded
    for bad in (dict(languages=["zz-not"]), dict(timezone="Mars/Base"),
                dict(weekly_hours=-1), dict(shift_start=20, shift_end=8), dict(name=" ")):
        values = dict(name="X", languages=["hi"], weekly_hours=1, timezone="Asia/Kolkata")
        values.update(bad)
        with pytest.raises(OperationError):
            operations.save_moderator(None, ModeratorInput(**values))
    for bad in (dict(expected_load=-3), dict(hours_per_thousand="NaN"),
                dict(hours_per_thousand="abc"), dict(severity="fatal")):
        values = dict(expected_load=1, hours_per_thousand="1")
        values.update(bad)
        with pytest.raises(OperationError):
            operations.set_need(country, **values)
