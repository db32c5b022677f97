from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from backoffice.audit import wording
from backoffice.core.i18n import lazy_gettext as _l


class AuditFilterForm(FlaskForm):
    """A GET form: filters live in the URL so a filtered view can be shared."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    without_sign_ins = BooleanField(_l("Hide sign-ins"))
    actor = StringField(_l("Person (email)"), validators=[Optional(), Length(max=254)])
    object_type = SelectField(_l("Object type"), validators=[Optional()])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=128)])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=2)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", str(_l("Any")))]
        self.action.choices = everything + wording.action_choices()
        self.object_type.choices = everything + wording.object_type_choices()
