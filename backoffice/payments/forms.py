from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from backoffice.core.i18n import lazy_gettext as _l

PLATFORM_LABELS = {"test": _l("Test"), "live": _l("Live")}


class ConnectorForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    platform = SelectField(_l("Platform"), choices=list(PLATFORM_LABELS.items()))
    merchant_account = StringField(
        _l("Merchant account"), validators=[DataRequired(), Length(max=100)],
        description=_l("The merchant account code in Adyen, e.g. CarpoolDemo"),
    )
    api_key = PasswordField(
        _l("API key"), validators=[Optional(), Length(max=500)],
        description=_l("Stored encrypted. Leave empty to keep the current key."),
    )
    live_endpoint_prefix = StringField(
        _l("Live endpoint prefix"), validators=[Optional(), Length(max=100)],
        description=_l("Required for the live platform (Customer Area > Developers > API URLs)"),
    )
    hmac_key = PasswordField(
        _l("Webhook HMAC key"), validators=[Optional(), Length(max=200)],
        description=_l("Stored encrypted. Leave empty to keep the current key."),
    )
    # Offered only when the server's allowlist names hosts (see connector_settings).
    checkout_base_url = StringField(
        _l("Checkout base URL"), validators=[Optional(), Length(max=300)],
        description=_l("Optional: only for an Adyen-compatible server on a host the server "
                       "allows; changing it needs the API key again"),
    )
    management_base_url = StringField(
        _l("Management base URL"), validators=[Optional(), Length(max=300)],
        description=_l("Optional: only for an Adyen-compatible server on a host the server "
                       "allows; changing it needs the API key again"),
    )
    countries = TextAreaField(
        _l("Countries and currencies"), validators=[Optional(), Length(max=5000)],
        description=_l('One per line, e.g. "FR EUR"; a code alone takes its usual currency'),
    )
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MethodsForm(FlaskForm):
    methods = MultiCheckboxField(_l("Methods offered to shoppers"), choices=[],
                                 validate_choice=False)
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class CheckForm(FlaskForm):
    """"Check now": nothing to fill in, the CSRF token only."""


class RequestForm(FlaskForm):
    # One field, like the launch moves: the browser's date-time picker, local to the country.
    effective_at = StringField(
        _l("When (country's local time)"), validators=[Optional(), Length(max=16)],
        description=_l("Leave empty to switch on as soon as another finance user approves; "
                       "e.g. 2026-12-01T09:00"),
        render_kw={"type": "datetime-local"},
    )
    reason = StringField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why online payment should be switched on.")),
        Length(max=500)])


class DecisionForm(FlaskForm):
    """Approve or reject a change request: a reason and a ticked confirmation, always."""

    note = StringField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why: the reason is kept with the decision.")),
        Length(max=500)])
    confirm = BooleanField(_l("I have read what this will do"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class KillForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])
