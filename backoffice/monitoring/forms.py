from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.monitoring.watch import MAX_VOLUME, MAX_WINDOW

ACTION_LABELS = {
    "alert": _l("Alert finance and the owner"),
    "propose": _l("Alert and propose the kill switch"),
    "kill": _l("Alert and turn online payment off"),
}


class WatchPolicyForm(FlaskForm):
    threshold_percent = IntegerField(_l("Threshold (percentage of authorisations succeeding)"),
                                     validators=[InputRequired(), NumberRange(1, 100)])
    min_volume = IntegerField(_l("Minimum volume (authorisations in the window)"),
                              validators=[InputRequired(), NumberRange(1, MAX_VOLUME)])
    window_minutes = IntegerField(_l("Window (minutes)"),
                                  validators=[InputRequired(), NumberRange(5, MAX_WINDOW)])
    action = SelectField(_l("Below the threshold"), choices=list(ACTION_LABELS.items()))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
