"""Exchange rates the team maintains, and every country's plans rolled up in one currency."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.marketing.models import (
    ExchangeRate,
)
from backoffice.marketing.money import (
    parse_decimal,
    validate_currency,
)
from backoffice.marketing.operations import all_plans, parse_day, total_spend
from backoffice.marketing.plan_rules import validate_period


def list_rates() -> list[ExchangeRate]:
    return list(db.session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.reporting_currency, ExchangeRate.currency,
                                      ExchangeRate.as_of.desc())
    ))


def set_rate(
    currency: str,
    reporting_currency: str,
    rate: object,
    as_of: date | str,
    *,
    reason: str | None = None,
) -> ExchangeRate:
    """1 ``currency`` = ``rate`` ``reporting_currency`` from ``as_of`` (replaces that day's)."""
    currency = validate_currency(currency, "currency")
    reporting_currency = validate_currency(reporting_currency, "reporting_currency")
    if currency == reporting_currency:
        raise OperationError(_("A currency needs no rate to itself."), "currency")
    value = parse_decimal(rate, "rate", _("Rate"))
    if value <= 0:
        raise OperationError(_("The rate must be more than zero."), "rate")
    if value != value.quantize(Decimal("1e-8")) or value >= Decimal("1e10"):
        raise OperationError(_("The rate has at most 8 decimals and 10 digits."), "rate")
    day = parse_day(as_of, "as_of")
    row = db.session.scalar(select(ExchangeRate).where(
        ExchangeRate.currency == currency,
        ExchangeRate.reporting_currency == reporting_currency,
        ExchangeRate.as_of == day,
    ))
    before = None if row is None else {"rate": str(row.rate)}
    if row is None:
        row = ExchangeRate(currency=currency, reporting_currency=reporting_currency, as_of=day,
                           rate=value)
        db.session.add(row)
    else:
        row.rate = value
    db.session.flush()
    audit.record("exchange_rate.set", "exchange_rate",
                 f"{currency}/{reporting_currency}/{day.isoformat()}",
                 before=before, after={"rate": str(value)}, reason=reason)
    return row


def delete_rate(rate_id: int, *, reason: str | None = None) -> None:
    row = db.session.get(ExchangeRate, rate_id)
    if row is None:
        raise NotFoundError(_("No such exchange rate."))
    db.session.delete(row)
    db.session.flush()
    audit.record("exchange_rate.deleted", "exchange_rate",
                 f"{row.currency}/{row.reporting_currency}/{row.as_of.isoformat()}",
                 before={"rate": str(row.rate)}, reason=reason)


def latest_rates(reporting_currency: str) -> dict[str, ExchangeRate]:
    """The most recent rate of each currency to the reporting currency."""
    rates: dict[str, ExchangeRate] = {}
    for row in db.session.scalars(
        select(ExchangeRate).where(ExchangeRate.reporting_currency == reporting_currency)
        .order_by(ExchangeRate.as_of)
    ):
        rates[row.currency] = row
    return rates


def reporting_currencies() -> list[str]:
    found = set(db.session.scalars(select(ExchangeRate.reporting_currency).distinct()))
    return sorted(found | {"EUR"})


@dataclass
class RollupRow:
    country_code: str
    period: str
    currency: str
    budget: Decimal
    actual: Decimal
    rate: Decimal | None
    rate_as_of: date | None
    budget_reporting: Decimal | None
    actual_reporting: Decimal | None

    @property
    def missing_rate(self) -> bool:
        return self.rate is None


@dataclass
class Rollup:
    reporting_currency: str
    period: str | None
    rows: list[RollupRow] = field(default_factory=list)
    total_budget: Decimal = Decimal(0)
    total_actual: Decimal = Decimal(0)
    missing_currencies: list[str] = field(default_factory=list)


def rollup(reporting_currency: str = "EUR", period: str | None = None) -> Rollup:
    """Every plan converted to the reporting currency with the latest rate we keep.

    A currency without a rate is shown as missing and left out of the totals: never
    guessed.
    """
    reporting_currency = validate_currency(reporting_currency, "reporting")
    if period:
        period = validate_period(period)
    rates = latest_rates(reporting_currency)
    result = Rollup(reporting_currency=reporting_currency, period=period)
    cents = Decimal("0.01")
    for plan in all_plans(period):
        actual = total_spend(plan)
        if plan.currency == reporting_currency:
            rate, as_of = Decimal(1), None
        elif plan.currency in rates:
            rate, as_of = rates[plan.currency].rate, rates[plan.currency].as_of
        else:
            rate, as_of = None, None
        row = RollupRow(
            country_code=plan.country_code, period=plan.period, currency=plan.currency,
            budget=plan.budget, actual=actual, rate=rate, rate_as_of=as_of,
            budget_reporting=None if rate is None else (plan.budget * rate).quantize(cents),
            actual_reporting=None if rate is None else (actual * rate).quantize(cents),
        )
        result.rows.append(row)
        if row.budget_reporting is None or row.actual_reporting is None:
            if plan.currency not in result.missing_currencies:
                result.missing_currencies.append(plan.currency)
        else:
            result.total_budget += row.budget_reporting
            result.total_actual += row.actual_reporting
    return result
