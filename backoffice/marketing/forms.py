from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.marketing.models import MarketingPlan
from backoffice.marketing.plan_rules import (
    AGE_BANDS,
    AUDIENCES,
    CHANNELS,
    age_field_name,
    field_name,
)

# Amounts are typed as text and checked by the operation, which names every problem.
_AMOUNT = [Optional(), Length(max=32)]


class PlanForm(FlaskForm):
    period = StringField(
        _l("Period"), validators=[Optional(), Length(max=16)],
        description=_l("A month such as 2026-03 or a quarter such as 2026-Q2"),
    )
    budget = StringField(_l("Budget"), validators=_AMOUNT)
    driver_share = StringField(_l("Driver share (%)"), validators=_AMOUNT)
    passenger_share = StringField(_l("Passenger share (%)"), validators=_AMOUNT)
    target_new_drivers = StringField(_l("New drivers target"), validators=_AMOUNT)
    target_new_passengers = StringField(_l("New passengers target"), validators=_AMOUNT)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    version = HiddenField()

    # Errors about a group of fields (a sum that is off), shown above the group.
    GROUPS = ("driver_allocations", "passenger_allocations", "driver_age_bands",
              "passenger_age_bands", "allocations", "age_bands")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_errors: dict[str, list[str]] = {name: [] for name in self.GROUPS}

    def allocation_field(self, audience: str, channel: str) -> Field:
        return self[field_name(audience, channel)]

    def age_field(self, audience: str, band: str) -> Field:
        return self[age_field_name(audience, band)]

    def plan_data(self) -> dict[str, Any]:
        """The typed values as the plain data the operations take."""
        return {
            "budget": self.budget.data,
            "driver_share": self.driver_share.data,
            "passenger_share": self.passenger_share.data,
            "allocations": {
                audience: {channel: self[field_name(audience, channel)].data
                           for channel in CHANNELS}
                for audience in AUDIENCES
            },
            "age_bands": {
                audience: {band: self[age_field_name(audience, band)].data
                           for band in AGE_BANDS}
                for audience in AUDIENCES
            },
            "target_new_drivers": self.target_new_drivers.data,
            "target_new_passengers": self.target_new_passengers.data,
            "notes": self.notes.data,
        }

    @staticmethod
    def values_of(plan: MarketingPlan) -> dict[str, Any]:
        values: dict[str, Any] = {
            "period": plan.period,
            "budget": str(plan.budget),
            "driver_share": _percent(plan.driver_share),
            "passenger_share": _percent(plan.passenger_share),
            "target_new_drivers": str(plan.target_new_drivers),
            "target_new_passengers": str(plan.target_new_passengers),
            "notes": plan.notes,
            "version": str(plan.version),
        }
        for row in plan.allocations:
            values[field_name(row.audience, row.channel)] = str(row.amount)
        for band in plan.age_bands:
            values[age_field_name(band.audience, band.band)] = _percent(band.percent)
        return values


def _percent(value: object) -> str:
    text = str(value)
    return text[:-3] if text.endswith(".00") else text


for _audience, _audience_label in AUDIENCES.items():
    for _channel, _channel_label in CHANNELS.items():
        setattr(PlanForm, field_name(_audience, _channel),
                StringField(_channel_label, validators=_AMOUNT))
    for _band in AGE_BANDS:
        setattr(PlanForm, age_field_name(_audience, _band),
                StringField(_band, validators=_AMOUNT))


class SpendForm(FlaskForm):
    audience = SelectField(_l("Audience"), choices=list(AUDIENCES.items()))
    channel = SelectField(_l("Channel"), choices=list(CHANNELS.items()))
    amount = StringField(_l("Amount"), validators=[DataRequired(), Length(max=32)])
    spent_on = StringField(_l("Date"), validators=[DataRequired(), Length(max=10)],
                           description=_l("YYYY-MM-DD"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])


class RateForm(FlaskForm):
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(max=3)],
                           description=_l("e.g. PLN"))
    reporting_currency = StringField(_l("Reporting currency"),
                                     validators=[DataRequired(), Length(max=3)], default="EUR")
    rate = StringField(_l("Rate"), validators=[DataRequired(), Length(max=32)],
                       description=_l("Value of 1 unit of the currency in the reporting currency"))
    as_of = StringField(_l("As of"), validators=[DataRequired(), Length(max=10)],
                        description=_l("YYYY-MM-DD"))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class DeleteForm(FlaskForm):
    """Only the CSRF token."""
