from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from backoffice.core.arguments import DateInRange
from backoffice.core.i18n import lazy_gettext as _l


class CandidateForm(FlaskForm):
    code = StringField(_l("Country code"), validators=[DataRequired(), Length(max=2)],
                       description=_l("ISO 3166-1 alpha-2, e.g. AR."))
    locales = StringField(_l("Locales"), validators=[Optional(), Length(max=200)],
                          description=_l("Comma-separated; empty: CLDR's languages."))
    similar_to = StringField(_l("Similar countries"), validators=[Optional(), Length(max=100)],
                             description=_l("Codes of product countries, comma-separated."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class IndicatorForm(FlaskForm):
    key = SelectField(_l("Indicator"), choices=[])
    value = DecimalField(_l("Value"), validators=[InputRequired()])
    source = StringField(_l("Source"), validators=[DataRequired(), Length(max=300)])
    as_of = DateField(_l("As of"), validators=[InputRequired(), DateInRange()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class CreateCountryForm(FlaskForm):
    timezone = SelectField(_l("Time zone"), choices=[])
    currency = SelectField(_l("Currency"), choices=[])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class ActionForm(FlaskForm):
    """A button (asking Adyen) with its CSRF token."""


def split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]
