from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.core.i18n import lazy_gettext as _l

FILTER_LABELS = [
    ("all", _l("All messages")),
    ("untranslated", _l("Untranslated")),
    ("draft", _l("Drafts")),
    ("translated", _l("Translated")),
    ("reviewed", _l("Reviewed")),
    ("failing", _l("Failing checks")),
    ("inherited", _l("Inherited from the parent locale")),
    ("overridden", _l("Overriding the parent locale")),
    ("questions", _l("Open questions")),
]

MODE_LABELS = [
    ("fill", _l("Fill empty messages only")),
    ("overwrite", _l("Overwrite differing translations")),
    ("draft", _l("Bring differing translations in as drafts")),
]


class EditorFilterForm(FlaskForm):
    class Meta:
        csrf = False

    state = SelectField(_l("Show"), choices=FILTER_LABELS, default="all")
    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    since = DateField(_l("Changed since"), validators=[Optional()])


class UploadForm(FlaskForm):
    file = FileField(_l("Catalog file (.po)"), validators=[FileRequired()])
    domain = StringField(_l("Domain"), default="app", validators=[DataRequired(), Length(max=64)])
    locale = StringField(_l("Locale"), validators=[DataRequired(), Length(max=16)],
                         description=_l("A CLDR locale id, such as pl_PL or es_MX."))
    mode = SelectField(_l("Mode"), choices=MODE_LABELS, default="fill")


class RevertForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
