"""Marketing plans and actual spend. Operations flush; the caller commits.

They take and return plain data (strings, numbers, dicts) so that the console and the
admin API share them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.csv_export import csv_writer
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.countries.models import Country
from backoffice.marketing.models import (
    ActualSpend,
    MarketingPlan,
    PlanAgeBand,
    PlanAllocation,
)
from backoffice.marketing.money import (
    parse_amount,
    validate_currency,
)
from backoffice.marketing.plan_rules import (
    AUDIENCES,
    CHANNELS,
    check_plan,
    validate_period,
)

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
    for band in plan.age_bands:
        age_bands.setdefault(band.audience, {})[band.band] = str(band.percent)
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
    day = parse_day(spent_on)
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


def parse_day(value: date | str | None, field: str = "spent_on") -> date:
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
