from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from backoffice.core.i18n import lazy_gettext as _l


class ModeratorForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[("person", _l("Person")), ("team", _l("Team"))])
    languages = StringField(_l("Languages"), validators=[DataRequired(), Length(max=200)],
                            description=_l("Language codes, comma-separated (ru, hi, en)."))
    weekly_hours = IntegerField(_l("Weekly hours"),
                                validators=[InputRequired(), NumberRange(0, 1000)])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), Length(max=64)],
                           description=_l("Where they work, e.g. Europe/Moscow."))
    shift_start = IntegerField(_l("Shift starts (h)"), default=9,
                               validators=[InputRequired(), NumberRange(0, 23)])
    shift_end = IntegerField(_l("Shift ends (h)"), default=18,
                             validators=[InputRequired(), NumberRange(1, 24)])
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class NeedForm(FlaskForm):
    load_label = StringField(_l("What the load counts"), validators=[Optional(), Length(max=60)],
                             description=_l("e.g. weekly rides, new members a week."))
    expected_load = IntegerField(_l("Expected load"),
                                 validators=[InputRequired(), NumberRange(0, 100_000_000)])
    hours_per_thousand = DecimalField(_l("Moderation hours per 1,000"),
                                      validators=[InputRequired(), NumberRange(0, 10000)])
    severity = SelectField(_l("If the coverage falls short"),
                           choices=[("warning", _l("Warn")), ("error", _l("Block the launch"))])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
