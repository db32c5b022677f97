from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from backoffice.core.i18n import lazy_gettext as _l


class AuditFilterForm(FlaskForm):
    """A GET form: filters live in the URL so a filtered view can be shared."""

    class Meta:
        csrf = False

    actor = StringField(_l("Person (email)"), validators=[Optional(), Length(max=254)])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=64)])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=128)])
    country = StringField(_l("Country"), validators=[Optional(), Length(max=2)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
