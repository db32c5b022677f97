from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from backoffice.core.arguments import DateInRange
from backoffice.core.i18n import lazy_gettext as _l


class StageTargetForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=[])
    target_date = DateField(_l("Target date"), validators=[Optional(), DateInRange()],
                            description=_l("Leave empty to remove the target."))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class LocaleTargetForm(FlaskForm):
    locale = SelectField(_l("Locale"), choices=[])
    target_date = DateField(_l("Target date"), validators=[Optional(), DateInRange()],
                            description=_l("Leave empty to use the country's live target."))
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
