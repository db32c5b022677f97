"""Marketing plans, actual spend and exchange rates. Operations flush; the caller commits.

They take and return plain data (strings, numbers, dicts) so that the console and the
admin API share them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.csv_export import csv_writer
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.models import Country
from backoffice.marketing.models import (
    ActualSpend,
    ExchangeRate,
    MarketingPlan,
    PlanAgeBand,
    PlanAllocation,
)
from backoffice.marketing.money import (
    format_money,
    parse_amount,
    parse_decimal,
    parse_percent,
    share_of,
    validate_currency,
)

AUDIENCES = {"driver": _l("Drivers"), "passenger": _l("Passengers")}
CHANNELS = {
    "tv": _l("TV"),
    "social": _l("Social"),
    "search": _l("Search"),
    "outdoor": _l("Outdoor"),
    "radio": _l("Radio"),
    "referral": _l("Referral"),
    "community_events": _l("Community and events"),
}
AGE_BANDS = ("18-24", "25-34", "35-49", "50+")
HUNDRED = Decimal(100)

_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


def validate_period(value: str, field: str = "period") -> str:
    """A month (``2026-03``) or a quarter (``2026-Q2``)."""
    text = (value or "").strip().upper()
    match = _PERIOD.match(text)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise OperationError(
            _('"%(value)s" is not a period: use a month such as 2026-03 or a quarter such '
              "as 2026-Q2.", value=value),
            field,
        )
    return text


def field_name(audience: str, channel: str) -> str:
    """The form field of one allocation, e.g. ``driver_tv``."""
    return f"{audience}_{channel}"


def age_field_name(audience: str, band: str) -> str:
    """``age_driver_18_24``, ``age_passenger_50plus``."""
    return f"age_{audience}_" + band.replace("-", "_").replace("+", "plus")


class PlanInvalid(OperationError):
    """Every problem of a plan at once; ``problems`` is a list of ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _field, message in problems), problems[0][0])
        self.problems = problems


@dataclass
class PlanData:
    """A checked plan: exact amounts, shares that add up."""

    currency: str
    budget: Decimal
    driver_share: Decimal
    passenger_share: Decimal
    allocations: dict[tuple[str, str], Decimal]
    age_bands: dict[tuple[str, str], Decimal]
    target_new_drivers: int
    target_new_passengers: int
    notes: str = ""

    def audience_budget(self, audience: str) -> Decimal:
        driver = share_of(self.budget, self.driver_share, self.currency)
        return driver if audience == "driver" else self.budget - driver


def check_plan(data: Mapping[str, Any], currency: str, locale: str | None = None) -> PlanData:
    """Validate a plan given as plain data; raise :class:`PlanInvalid` with every problem.

    ``data``: budget, driver_share, passenger_share, allocations ({audience: {channel:
    amount}}), optional age_bands ({audience: {band: percent}}), target_new_drivers,
    target_new_passengers, notes. Numbers may be strings as typed in a form.
    """
    problems: list[tuple[str, str]] = []

    def attempt(function, *args):  # type: ignore[no-untyped-def]
        try:
            return function(*args)
        except OperationError as error:
            problems.append((error.field or "", error.message))
            return None

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    budget = attempt(parse_amount, data.get("budget"), currency, "budget", _("Budget"))
    driver_share = attempt(parse_percent, data.get("driver_share"), "driver_share",
                           _("Driver share"))
    passenger_share = attempt(parse_percent, data.get("passenger_share"), "passenger_share",
                              _("Passenger share"))
    if driver_share is not None and passenger_share is not None:
        total = driver_share + passenger_share
        if total != HUNDRED:
            problems.append((
                "passenger_share",
                _("The driver and passenger shares add up to %(total)s%%, not 100%%.",
                  total=_plain(total)),
            ))

    allocations: dict[tuple[str, str], Decimal] = {}
    given = data.get("allocations") or {}
    if not isinstance(given, Mapping):
        problems.append(("allocations", _("Allocations must be given per audience.")))
        given = {}
    for audience in given:
        if audience not in AUDIENCES:
            problems.append(("allocations", _('Unknown audience "%(value)s".', value=audience)))
    for audience, audience_label in AUDIENCES.items():
        amounts = given.get(audience) or {}
        if not isinstance(amounts, Mapping):
            problems.append(("allocations", _("Allocations must be given per channel.")))
            continue
        for channel in amounts:
            if channel not in CHANNELS:
                problems.append(
                    ("allocations", _('Unknown channel "%(value)s".', value=channel))
                )
        for channel, channel_label in CHANNELS.items():
            raw = amounts.get(channel)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                allocations[audience, channel] = Decimal(0)
                continue
            amount = attempt(parse_amount, raw, currency, field_name(audience, channel),
                             f"{audience_label} – {channel_label}")
            if amount is not None:
                allocations[audience, channel] = amount

    age_bands = _check_age_bands(data.get("age_bands") or {}, problems, attempt)

    targets = {}
    for key, label in (("target_new_drivers", _("New drivers target")),
                       ("target_new_passengers", _("New passengers target"))):
        targets[key] = attempt(_parse_count, data.get(key), key, label)

    notes = str(data.get("notes") or "").strip()
    if len(notes) > 2000:
        problems.append(("notes", _("Notes are limited to 2000 characters.")))

    complete = (budget is not None and driver_share is not None
                and passenger_share is not None and not problems)
    if complete:
        plan = PlanData(currency, budget, driver_share, passenger_share, allocations,
                        age_bands, targets["target_new_drivers"] or 0,
                        targets["target_new_passengers"] or 0, notes)
        for audience in AUDIENCES:
            expected = plan.audience_budget(audience)
            planned = sum((allocations[audience, c] for c in CHANNELS), Decimal(0))
            if planned == expected:
                continue
            if audience == "driver":
                message = _("Driver channels add up to %(planned)s but the driver share is "
                            "%(share)s:", planned=money(planned), share=money(expected))
            else:
                message = _("Passenger channels add up to %(planned)s but the passenger "
                            "share is %(share)s:", planned=money(planned),
                            share=money(expected))
            gap = money(abs(expected - planned))
            if planned < expected:
                message += " " + _("%(amount)s missing", amount=gap)
            else:
                message += " " + _("%(amount)s too much", amount=gap)
            problems.append((f"{audience}_allocations", message))
        if not problems:
            return plan
    raise PlanInvalid(problems)


def _check_age_bands(given: Any, problems: list, attempt) -> dict[tuple[str, str], Decimal]:  # type: ignore[no-untyped-def,type-arg]
    bands: dict[tuple[str, str], Decimal] = {}
    if not isinstance(given, Mapping):
        problems.append(("age_bands", _("Age bands must be given per audience.")))
        return bands
    for audience, audience_label in AUDIENCES.items():
        values = given.get(audience) or {}
        if not isinstance(values, Mapping):
            problems.append(("age_bands", _("Age bands must be given per band.")))
            continue
        for band in values:
            if band not in AGE_BANDS:
                problems.append(("age_bands", _('Unknown age band "%(value)s".', value=band)))
        filled = {
            band: values[band] for band in AGE_BANDS
            if values.get(band) is not None and str(values[band]).strip()
        }
        if not filled:
            continue  # age bands are optional
        parsed = {}
        for band, raw in filled.items():
            percent = attempt(parse_percent, raw, age_field_name(audience, band),
                              f"{audience_label} {band}")
            if percent is not None:
                parsed[band] = percent
        if len(parsed) != len(filled):
            continue
        total = sum(parsed.values(), Decimal(0))
        if total != HUNDRED:
            problems.append((
                f"{audience}_age_bands",
                _("%(audience)s age bands add up to %(total)s%%, not 100%%.",
                  audience=audience_label, total=_plain(total)),
            ))
        for band in AGE_BANDS:
            bands[audience, band] = parsed.get(band, Decimal(0))
    return bands


def _parse_count(value: Any, field: str, label: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    number = parse_decimal(value, field, label)
    if number < 0 or number != number.to_integral_value():
        raise OperationError(_("%(label)s must be a whole number, 0 or more.", label=label),
                             field)
    if number > 10**9:
        raise OperationError(_("%(label)s is too large.", label=label), field)
    return int(number)


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


# --- plans ------------------------------------------------------------------------------


def find_plan(country_code: str, period: str) -> MarketingPlan | None:
    return db.session.scalar(
        select(MarketingPlan).where(
            MarketingPlan.country_code == country_code, MarketingPlan.period == period
        )
    )


def get_plan(country_code: str, period: str) -> MarketingPlan:
    plan = find_plan(country_code, period)
    if plan is None:
        raise NotFoundError(
            _("No marketing plan for %(country)s in %(period)s.", country=country_code,
              period=period)
        )
    return plan


def plans_for_country(country_code: str) -> list[MarketingPlan]:
    return list(db.session.scalars(
        select(MarketingPlan).where(MarketingPlan.country_code == country_code)
        .order_by(MarketingPlan.period)
    ))


def all_plans(period: str | None = None) -> list[MarketingPlan]:
    query = select(MarketingPlan).order_by(MarketingPlan.period, MarketingPlan.country_code)
    if period:
        query = query.where(MarketingPlan.period == period)
    return list(db.session.scalars(query))


def periods() -> list[str]:
    return list(db.session.scalars(
        select(MarketingPlan.period).distinct().order_by(MarketingPlan.period)
    ))


def save_plan(
    country: Country,
    period: str,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    locale: str | None = None,
    reason: str | None = None,
) -> MarketingPlan:
    """Create (``expected_version=None``) or update the country's plan for the period.

    An update names the version it was based on; if the plan changed since, it is
    refused with :class:`ConflictError` and nothing is written.
    """
    period = validate_period(period)
    currency = validate_currency(country.currency)
    checked = check_plan(data, currency, locale)
    plan = find_plan(country.code, period)
    if plan is None and expected_version is not None:
        raise NotFoundError(
            _("No marketing plan for %(country)s in %(period)s.", country=country.code,
              period=period)
        )
    if plan is not None and expected_version is None:
        raise ConflictError(
            _("%(country)s already has a plan for %(period)s: edit it instead.",
              country=country.code, period=period),
            "period",
        )
    if plan is not None and plan.version != expected_version:
        raise ConflictError(
            _("Someone else saved this plan while you were editing it (it is now at "
              "version %(version)d). Nothing was saved; your values are kept below: check "
              "them against the current plan and save again.", version=plan.version),
        )
    before = plan_snapshot(plan) if plan is not None else None
    if plan is None:
        plan = MarketingPlan(country_code=country.code, period=period, version=1)
        db.session.add(plan)
    else:
        plan.version += 1
    plan.currency = currency
    plan.budget = checked.budget
    plan.driver_share = checked.driver_share
    plan.passenger_share = checked.passenger_share
    plan.target_new_drivers = checked.target_new_drivers
    plan.target_new_passengers = checked.target_new_passengers
    plan.notes = checked.notes
    current = {(row.audience, row.channel): row for row in plan.allocations}
    plan.allocations = [
        _updated(current.get(key), PlanAllocation, audience=key[0], channel=key[1],
                 amount=amount)
        for key, amount in checked.allocations.items()
    ]
    current_bands = {(row.audience, row.band): row for row in plan.age_bands}
    plan.age_bands = [
        _updated(current_bands.get(key), PlanAgeBand, audience=key[0], band=key[1],
                 percent=percent)
        for key, percent in checked.age_bands.items()
    ]
    db.session.flush()
    audit.record(
        "marketing_plan.created" if before is None else "marketing_plan.updated",
        "marketing_plan", f"{country.code}/{period}",
        before=before, after=plan_snapshot(plan), reason=reason, country_code=country.code,
    )
    return plan


def _updated(row: Any, model: type, **values: Any) -> Any:
    """Keep an existing row (so no unique constraint trips on replace) or make one."""
    if row is None:
        return model(**values)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def plan_snapshot(plan: MarketingPlan) -> dict[str, Any]:
    """The plan as plain data: what the audit log stores and the API returns."""
    allocations: dict[str, dict[str, str]] = {audience: {} for audience in AUDIENCES}
    for row in plan.allocations:
        allocations.setdefault(row.audience, {})[row.channel] = str(row.amount)
    age_bands: dict[str, dict[str, str]] = {}
    for row in plan.age_bands:
        age_bands.setdefault(row.audience, {})[row.band] = str(row.percent)
    return {
        "country": plan.country_code,
        "period": plan.period,
        "currency": plan.currency,
        "budget": str(plan.budget),
        "driver_share": str(plan.driver_share),
        "passenger_share": str(plan.passenger_share),
        "allocations": allocations,
        "age_bands": age_bands,
        "target_new_drivers": plan.target_new_drivers,
        "target_new_passengers": plan.target_new_passengers,
        "notes": plan.notes,
        "version": plan.version,
    }


def plan_to_dict(plan: MarketingPlan) -> dict[str, Any]:
    data = plan_snapshot(plan)
    data["actual_spend"] = [
        {"id": row.id, "audience": row.audience, "channel": row.channel,
         "amount": str(row.amount), "spent_on": row.spent_on.isoformat(), "note": row.note}
        for row in plan.spend
    ]
    return data


# --- actual spend ---------------------------------------------------------------------------


def record_spend(
    plan: MarketingPlan,
    audience: str,
    channel: str,
    amount: object,
    spent_on: date | str | None,
    note: str = "",
    *,
    reason: str | None = None,
) -> ActualSpend:
    if audience not in AUDIENCES:
        raise OperationError(_('Unknown audience "%(value)s".', value=audience), "audience")
    if channel not in CHANNELS:
        raise OperationError(_('Unknown channel "%(value)s".', value=channel), "channel")
    value = parse_amount(amount, plan.currency, "amount", _("Amount"))
    if value == 0:
        raise OperationError(_("The amount must be more than zero."), "amount")
    day = _parse_date(spent_on)
    note = (note or "").strip()
    if len(note) > 200:
        raise OperationError(_("The note is limited to 200 characters."), "note")
    row = ActualSpend(audience=audience, channel=channel, amount=value, spent_on=day,
                      note=note)
    plan.spend.append(row)
    db.session.flush()
    audit.record(
        "marketing_spend.recorded", "marketing_plan", f"{plan.country_code}/{plan.period}",
        after={"spend_id": row.id, "audience": audience, "channel": channel,
               "amount": str(value), "spent_on": day.isoformat(), "note": note},
        reason=reason, country_code=plan.country_code,
    )
    return row


def delete_spend(plan: MarketingPlan, spend_id: int, *, reason: str | None = None) -> None:
    row = next((row for row in plan.spend if row.id == spend_id), None)
    if row is None:
        raise NotFoundError(_("No such spend entry."))
    before = {"spend_id": row.id, "audience": row.audience, "channel": row.channel,
              "amount": str(row.amount), "spent_on": row.spent_on.isoformat()}
    plan.spend.remove(row)
    db.session.flush()
    audit.record("marketing_spend.deleted", "marketing_plan",
                 f"{plan.country_code}/{plan.period}", before=before, reason=reason,
                 country_code=plan.country_code)


def _parse_date(value: date | str | None, field: str = "spent_on") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise OperationError(
            _('"%(value)s" is not a date: use YYYY-MM-DD.', value=value), field
        ) from None


@dataclass
class ChannelLine:
    audience: str
    channel: str
    planned: Decimal
    actual: Decimal


def planned_vs_actual(plan: MarketingPlan) -> list[ChannelLine]:
    planned = {(row.audience, row.channel): row.amount for row in plan.allocations}
    actual: dict[tuple[str, str], Decimal] = {}
    for row in plan.spend:
        key = (row.audience, row.channel)
        actual[key] = actual.get(key, Decimal(0)) + row.amount
    return [
        ChannelLine(audience, channel, planned.get((audience, channel), Decimal(0)),
                    actual.get((audience, channel), Decimal(0)))
        for audience in AUDIENCES for channel in CHANNELS
    ]


def total_spend(plan: MarketingPlan) -> Decimal:
    return sum((row.amount for row in plan.spend), Decimal(0))


# --- exchange rates and the rollup ---------------------------------------------------------


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
    day = _parse_date(as_of, "as_of")
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


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "country", "period", "currency", "budget", "driver_share", "passenger_share",
    "target_new_drivers", "target_new_passengers", "audience", "channel", "planned",
    "actual", "version", "notes",
]


def plans_csv(plans: Iterable[MarketingPlan]) -> str:
    """One row per plan, audience and channel, with the plan's figures repeated."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for plan in plans:
        for line in planned_vs_actual(plan):
            writer.writerow([
                plan.country_code, plan.period, plan.currency, plan.budget,
                plan.driver_share, plan.passenger_share, plan.target_new_drivers,
                plan.target_new_passengers, line.audience, line.channel, line.planned,
                line.actual, plan.version, plan.notes,
            ])
    return buffer.getvalue()
