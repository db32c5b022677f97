from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.core.i18n import lazy_gettext as _l

FIELD_LABELS = [
    ("both", _l("Source or translation")),
    ("source", _l("Source text")),
    ("target", _l("Translation")),
]


class ConcordanceForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    field = SelectField(_l("In"), choices=FIELD_LABELS, default="both")
    language = StringField(_l("Language"), validators=[Optional(), Length(max=16)],
                           description=_l("A language such as fr, or a locale such as fr_BE."))
    locale = StringField(_l("Locale"), validators=[Optional(), Length(max=35)])
    domain = StringField(_l("Domain"), validators=[Optional(), Length(max=64)])


class TmxExportForm(FlaskForm):
    class Meta:
        csrf = False

    language = StringField(_l("Language"), validators=[DataRequired(), Length(max=16)])
    locale = StringField(_l("Locale"), validators=[Optional(), Length(max=35)])


class TmxImportForm(FlaskForm):
    file = FileField(_l("Memory file (.tmx)"), validators=[FileRequired()])
    domain = StringField(_l("Domain"), default="", validators=[Optional(), Length(max=64)])


class MachineSettingsForm(FlaskForm):
    server_url = StringField(_l("Server URL"), default="https://api.deepl.com",
                             validators=[DataRequired(), Length(max=500)],
                             description=_l("DeepL's API, or a host the allowlist names."))
    api_key = PasswordField(_l("API key"), validators=[Optional(), Length(max=200)],
                            description=_l("Leave empty to keep the current key."))
    enabled = BooleanField(_l("Machine drafts and suggestions are on"))
