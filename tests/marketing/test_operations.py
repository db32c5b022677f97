from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import ConflictError, OperationError
from backoffice.marketing import operations, plan_rules, rollup
from backoffice.marketing.models import MarketingPlan
from backoffice.marketing.money import format_money
from tests.support.fixture_types import MakeCountry


def plan_data(budget: str = "10000", driver_share: str = "50", **overrides: Any) -> dict[str, Any]:
    data = {
        "budget": budget,
        "driver_share": driver_share,
        "passenger_share": str(100 - Decimal(driver_share)),
        "allocations": {
            "driver": {"tv": "2000", "social": "3000"},
            "passenger": {"search": "4000", "referral": "1000"},
        },
        "target_new_drivers": "150",
        "target_new_passengers": "2000",
    }
    data.update(overrides)
    return data


def problems_of(excinfo: pytest.ExceptionInfo[plan_rules.PlanInvalid]) -> dict:
    return dict(excinfo.value.problems)


# --- formatting ------------------------------------------------------------------------


def test_amounts_are_formatted_for_the_readers_locale() -> None:
    assert format_money(Decimal("1234.56"), "PLN", "pl_PL") == "1\xa0234,56\xa0zł"
    assert format_money(Decimal("1234.56"), "PLN", "en") == "PLN1,234.56"
    assert format_money(Decimal("1234.56"), "EUR", "fr") == "1\u202f234,56\xa0€"


# --- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-03", "2026-Q2", "2026-q4", " 2026-12 "])
def test_months_and_quarters_are_periods(value: str) -> None:
    assert plan_rules.validate_period(value) == value.strip().upper()


@pytest.mark.parametrize("value", ["2026-13", "2026-Q5", "2026", "March", "2026-3", "1900-01", ""])
def test_other_periods_are_refused(value: str) -> None:
    with pytest.raises(OperationError) as excinfo:
        plan_rules.validate_period(value)
    assert excinfo.value.field == "period"
    assert "2026-Q2" in excinfo.value.message


# --- checking a plan ----------------------------------------------------------------------


def test_a_plan_whose_sums_match_is_accepted(app: Flask) -> None:
    plan = plan_rules.check_plan(plan_data(), "EUR")
    assert plan.budget == Decimal("10000.00")
    assert plan.audience_budget("driver") == Decimal("5000.00")
    assert plan.allocations["driver", "tv"] == Decimal("2000.00")
    assert plan.allocations["driver", "radio"] == Decimal(0)
    assert plan.target_new_passengers == 2000


def test_driver_channels_that_fall_short_say_by_how_much(app: Flask) -> None:
    data = plan_data(allocations={"driver": {"tv": "1500", "social": "3000"},
                                  "passenger": {"search": "5000"}})
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(data, "EUR", "fr")
    assert problems_of(excinfo)["driver_allocations"] == (
        "Driver channels add up to 4\u202f500,00\xa0€ but the driver share is "
        "5\u202f000,00\xa0€: 500,00\xa0€ missing"
    )
    assert "passenger_allocations" not in problems_of(excinfo)


def test_passenger_channels_over_their_share_say_too_much(app: Flask) -> None:
    data = plan_data(allocations={"driver": {"tv": "5000"},
                                  "passenger": {"search": "5000", "radio": "250.50"}})
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(data, "PLN", "pl_PL")
    message = problems_of(excinfo)["passenger_allocations"]
    assert message.endswith("250,50\xa0zł too much")


def test_shares_must_add_up_to_100(app: Flask) -> None:
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(plan_data(passenger_share="40"), "EUR")
    assert problems_of(excinfo)["passenger_share"] == (
        "The driver and passenger shares add up to 90%, not 100%."
    )


def test_negative_budget_and_bad_numbers_are_named(app: Flask) -> None:
    data = plan_data(budget="-5", target_new_drivers="-1", target_new_passengers="2.5")
    data["allocations"]["driver"]["tv"] = "lots"
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(data, "EUR")
    problems = problems_of(excinfo)
    assert problems["budget"] == "Budget cannot be negative."
    assert problems["driver_tv"] == 'Drivers – TV: "lots" is not a number.'
    assert "whole number" in problems["target_new_drivers"]
    assert "whole number" in problems["target_new_passengers"]


def test_amounts_respect_the_currencys_decimals(app: Flask) -> None:
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(plan_data(budget="10000.5"), "JPY")
    assert "more than 0 decimals for JPY" in problems_of(excinfo)["budget"]


def test_typed_numbers_may_use_spaces_and_a_decimal_comma(app: Flask) -> None:
    data = plan_data(budget="10 000,00")
    data["allocations"]["driver"] = {"tv": "1 999,50", "social": "3000,50"}
    assert plan_rules.check_plan(data, "EUR").allocations["driver", "tv"] == Decimal("1999.50")


def test_age_bands_are_optional_but_add_up_to_100_when_given(app: Flask) -> None:
    assert plan_rules.check_plan(plan_data(), "EUR").age_bands == {}
    good = plan_data(age_bands={"driver": {"18-24": "30", "25-34": "40", "35-49": "20",
                                           "50+": "10"}})
    assert plan_rules.check_plan(good, "EUR").age_bands["driver", "50+"] == Decimal(10)
    bad = plan_data(age_bands={"passenger": {"18-24": "50", "25-34": "40"}})
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(bad, "EUR")
    assert problems_of(excinfo)["passenger_age_bands"] == (
        "Passengers age bands add up to 90%, not 100%."
    )


def test_unknown_channels_and_audiences_are_refused(app: Flask) -> None:
    data = plan_data(allocations={"driver": {"tv": "5000", "billboards": "1"},
                                  "cyclists": {}, "passenger": {"search": "5000"}})
    with pytest.raises(plan_rules.PlanInvalid) as excinfo:
        plan_rules.check_plan(data, "EUR")
    assert 'Unknown channel "billboards".' in excinfo.value.message
    assert 'Unknown audience "cyclists".' in excinfo.value.message


# --- saving --------------------------------------------------------------------------------


def test_saving_a_plan_stores_exact_amounts_and_audits(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("PL", currency="PLN")
    plan = operations.save_plan(country, "2026-q2", plan_data(), expected_version=None,
                                reason="launch")
    db.expire_all()
    stored = db.scalar(select(MarketingPlan))
    assert (stored.period, stored.currency, stored.version) == ("2026-Q2", "PLN", 1)
    assert stored.budget == Decimal("10000.00")
    amounts = {(a.audience, a.channel): a.amount for a in stored.allocations}
    assert amounts["passenger", "search"] == Decimal("4000.00")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "marketing_plan.created"))
    assert event.country_code == "PL"
    assert event.object_id == "PL/2026-Q2"
    assert event.after["budget"] == "10000.00"
    assert plan.id == stored.id


def test_a_stale_save_is_refused_and_changes_nothing(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    plan = operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    operations.save_plan(country, "2026-Q1", plan_data(target_new_drivers="10"),
                         expected_version=1)
    assert plan.version == 2
    with pytest.raises(ConflictError):
        operations.save_plan(country, "2026-Q1", plan_data(target_new_drivers="99"),
                             expected_version=1)
    assert plan.target_new_drivers == 10


def test_a_second_plan_for_the_same_period_is_a_conflict(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    operations.save_plan(country, "2026-03", plan_data(), expected_version=None)
    with pytest.raises(ConflictError) as excinfo:
        operations.save_plan(country, "2026-03", plan_data(), expected_version=None)
    assert excinfo.value.field == "period"


def test_an_invalid_plan_writes_nothing(db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    with pytest.raises(OperationError):
        operations.save_plan(country, "2026-03", plan_data(budget="-1"), expected_version=None)
    assert db.scalar(select(MarketingPlan)) is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "marketing_plan")) is None


def test_age_bands_are_saved_and_replaced(db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    data = plan_data(age_bands={"driver": {"18-24": "50", "25-34": "50"}})
    plan = operations.save_plan(country, "2026-03", data, expected_version=None)
    assert {(b.band, b.percent) for b in plan.age_bands} >= {("18-24", Decimal(50))}
    operations.save_plan(country, "2026-03", plan_data(), expected_version=1)
    assert plan.age_bands == []


def test_spend_is_recorded_over_time_and_compared_with_the_plan(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    plan = operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    operations.record_spend(plan, "driver", "tv", "1200.10", "2026-01-15", "January")
    operations.record_spend(plan, "driver", "tv", "300", "2026-02-15")
    lines = {(line.audience, line.channel): line for line in operations.planned_vs_actual(plan)}
    assert lines["driver", "tv"].planned == Decimal("2000.00")
    assert lines["driver", "tv"].actual == Decimal("1500.10")
    assert operations.total_spend(plan) == Decimal("1500.10")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "marketing_spend.recorded"))
    assert event.country_code == "FR"


@pytest.mark.parametrize(
    ("audience", "channel", "amount", "day", "field"),
    [
        ("driver", "tv", "-3", "2026-01-01", "amount"),
        ("driver", "tv", "0", "2026-01-01", "amount"),
        ("driver", "tv", "10", "yesterday", "spent_on"),
        ("driver", "fax", "10", "2026-01-01", "channel"),
        ("alien", "tv", "10", "2026-01-01", "audience"),
    ],
)
def test_bad_spend_is_refused(
        db: Session, make_country: MakeCountry, audience: str, channel: str, amount: str, day: str,
        field: str) -> None:
    country = make_country("FR", currency="EUR")
    plan = operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    with pytest.raises(OperationError) as excinfo:
        operations.record_spend(plan, audience, channel, amount, day)
    assert excinfo.value.field == field
    assert plan.spend == []


def test_plan_to_dict_is_plain_data(db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    plan = operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    operations.record_spend(plan, "passenger", "search", "10", "2026-01-02")
    data = operations.plan_to_dict(plan)
    assert data["allocations"]["passenger"]["search"] == "4000.00"
    assert data["actual_spend"][0]["amount"] == "10.00"
    assert data["version"] == 1


# --- rates and rollup ----------------------------------------------------------------------


def test_rates_are_validated(db: Session) -> None:
    for kwargs, field in [
        ({"currency": "XXY"}, "currency"),
        ({"reporting_currency": "EURO"}, "reporting_currency"),
        ({"rate": "0"}, "rate"),
        ({"rate": "-1"}, "rate"),
        ({"as_of": "soon"}, "as_of"),
    ]:
        args = {"currency": "PLN", "reporting_currency": "EUR", "rate": "0.23",
                "as_of": "2026-01-01", **kwargs}
        with pytest.raises(OperationError) as excinfo:
            rollup.set_rate(args["currency"], args["reporting_currency"], args["rate"],
                                args["as_of"])
        assert excinfo.value.field == field
    assert rollup.list_rates() == []


def test_rollup_converts_with_the_latest_rate_and_never_guesses_a_missing_one(
        db: Session, make_country: MakeCountry) -> None:
    operations.save_plan(make_country("FR", currency="EUR"), "2026-Q1", plan_data(),
                         expected_version=None)
    country = make_country("PL", currency="PLN")
    pl = operations.save_plan(country, "2026-Q1", plan_data(budget="20000",
                              allocations={"driver": {"tv": "10000"},
                                           "passenger": {"tv": "10000"}}),
                              expected_version=None)
    operations.save_plan(make_country("IN", currency="INR"), "2026-Q1", plan_data(),
                         expected_version=None)
    operations.record_spend(pl, "driver", "tv", "1000", "2026-01-10")
    rollup.set_rate("PLN", "EUR", "0.20", "2025-12-01")
    rollup.set_rate("PLN", "EUR", "0.25", "2026-01-01")

    result = rollup.rollup("EUR", "2026-Q1")
    rows = {row.country_code: row for row in result.rows}
    assert rows["PL"].rate == Decimal("0.25")
    assert rows["PL"].budget_reporting == Decimal("5000.00")
    assert rows["PL"].actual_reporting == Decimal("250.00")
    assert rows["FR"].budget_reporting == Decimal("10000.00")
    assert rows["IN"].missing_rate and rows["IN"].budget_reporting is None
    assert result.missing_currencies == ["INR"]
    assert result.total_budget == Decimal("15000.00")
    assert result.total_actual == Decimal("250.00")


def test_csv_export_lists_allocations_and_neutralises_formulas(
        db: Session, make_country: MakeCountry) -> None:
    plan = operations.save_plan(make_country("FR", currency="EUR"), "2026-Q1",
                                plan_data(notes="=HYPERLINK(\"http://x\")"),
                                expected_version=None)
    operations.record_spend(plan, "driver", "social", "99.99", "2026-01-02")
    text = operations.plans_csv([plan])
    lines = text.splitlines()
    assert lines[0].startswith("country,period,currency,budget")
    assert len(lines) == 1 + 14
    social = next(line for line in lines if ",driver,social," in line)
    assert social.startswith("FR,2026-Q1,EUR,10000.00,50.00,50.00,150,2000,driver,social,"
                             "3000.00,99.99,1,")
    assert "'=HYPERLINK" in social
