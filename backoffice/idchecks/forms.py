from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from backoffice.core.i18n import lazy_gettext as _l
from connectors.idcheck import DocumentType

DOCUMENT_LABELS: dict[str, str] = {
    DocumentType.PASSPORT: _l("Passport"),
    DocumentType.NATIONAL_ID: _l("National ID card"),
    DocumentType.DRIVING_LICENCE: _l("Driving licence"),
    DocumentType.RESIDENCE_PERMIT: _l("Residence permit"),
}
# The primary provider, then this many fallbacks.
PROVIDER_SLOTS = 4


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PolicyForm(FlaskForm):
    required_for_drivers = BooleanField(_l("Drivers must verify their identity"))
    required_for_passengers = BooleanField(_l("Passengers must verify their identity"))
    documents = CheckboxesField(
        _l("Accepted documents"),
        choices=[(str(document), label) for document, label in DOCUMENT_LABELS.items()],
        validate_choice=False,  # the operation names an unknown document
    )
    provider_1 = SelectField(_l("Primary provider"), validate_choice=False)
    provider_2 = SelectField(_l("First fallback"), validate_choice=False)
    provider_3 = SelectField(_l("Second fallback"), validate_choice=False)
    provider_4 = SelectField(_l("Third fallback"), validate_choice=False)
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    version = HiddenField()
    # Problems that belong to a group of fields, by group ("providers", "documents"); the
    # view fills it.
    group_errors: dict[str, list[str]]

    def provider_fields(self) -> list[SelectField]:
        fields = [self[f"provider_{slot}"] for slot in range(1, PROVIDER_SLOTS + 1)]
        return [field for field in fields if isinstance(field, SelectField)]  # all of them

    def set_provider_choices(self, choices: list[tuple[str, str]]) -> None:
        for field in self.provider_fields():
            field.choices = [("", "—"), *choices]

    def policy_data(self) -> dict[str, Any]:
        return {
            "required_for_drivers": self.required_for_drivers.data,
            "required_for_passengers": self.required_for_passengers.data,
            "documents": list(self.documents.data or []),
            "providers": [field.data for field in self.provider_fields() if field.data],
        }


class CoverageForm(FlaskForm):
    toml_text = TextAreaField(_l("Coverage file (TOML)"),
                              validators=[DataRequired(), Length(max=200_000)])
    version = HiddenField()
    # The countries whose broken policies were shown: saving confirms them.
    acknowledged = HiddenField()
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
