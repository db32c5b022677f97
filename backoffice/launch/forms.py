from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.core.i18n import lazy_gettext as _l


class MoveForm(FlaskForm):
    stage = HiddenField(validators=[DataRequired()])
    at = StringField(
        _l("When (country's local time)"),
        validators=[Optional(), Length(max=16)],
        description=_l("Leave empty to move now; e.g. 2026-12-01T09:00"),
        render_kw={"type": "datetime-local"},
    )
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
