from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from backoffice.core.arguments import DateInRange
from backoffice.core.i18n import lazy_gettext as _l


class TaskForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[])
    owner = StringField(_l("Owner (e-mail)"), validators=[Optional(), Length(max=254)])
    due_date = DateField(_l("Due date"), validators=[Optional(), DateInRange()],
                         description=_l("Leave empty to follow the stage's target date."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class TemplateForm(FlaskForm):
    key = StringField(_l("Key"), validators=[DataRequired(), Length(max=60)],
                      description=_l("Lower case letters, digits and _, e.g. press_kit."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    stage = SelectField(_l("Gate of the stage"), choices=[])
    required = BooleanField(_l("Required (blocks the stage)"))
    offset_days = IntegerField(_l("Due, in days from the stage's target"), default=0,
                               validators=[InputRequired(), NumberRange(-730, 730)],
                               description=_l("Negative: before the target date."))
    position = IntegerField(_l("Order"), default=0, validators=[Optional()])
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class InstantiateForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
