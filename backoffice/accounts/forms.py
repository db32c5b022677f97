from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from backoffice.accounts.token_scopes import SCOPE_LABELS, TokenScope
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.core.permissions import Role

ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.LAUNCH_MANAGER: _l("Launch manager"),
    Role.TRANSLATOR: _l("Translator"),
    Role.REVIEWER: _l("Reviewer"),
    Role.FINANCE: _l("Finance"),
    Role.VIEWER: _l("Viewer"),
}


def _split(text: str | None) -> list[str]:
    return [part for part in (text or "").replace(",", " ").split() if part]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class _ScopeFields:
    # A new user starts with the least power; raising it is a choice someone makes.
    role = SelectField(
        _l("Role"), choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        default=Role.VIEWER.value,
    )
    locales = StringField(
        _l("Locales"),
        validators=[Optional(), Length(max=500)],
        description=_l(
            "For translators and reviewers: CLDR ids separated by spaces, e.g. pl_PL fr_BE"
        ),
    )
    countries = StringField(
        _l("Countries"),
        validators=[Optional(), Length(max=500)],
        description=_l(
            "Optional, for launch managers: ISO codes separated by spaces, e.g. PL MX"
        ),
    )
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])

    @property
    def locale_list(self) -> list[str]:
        return _split(self.locales.data)

    @property
    def country_list(self) -> list[str]:
        return _split(self.countries.data)


class UserCreateForm(_ScopeFields, FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=1024)])


class UserEditForm(_ScopeFields, FlaskForm):
    active = BooleanField(_l("Active"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"))


TOKEN_LIFETIMES = [
    (7, _l("7 days")),
    (30, _l("30 days")),
    (90, _l("90 days")),
    (180, _l("180 days")),
    (365, _l("1 year")),
]


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What will use it, e.g. product CI"))
    days = SelectField(_l("Expires after"), choices=TOKEN_LIFETIMES, coerce=int, default=90)
    scope = SelectField(
        _l("May do"), choices=[(scope.value, label) for scope, label in SCOPE_LABELS.items()],
        default=TokenScope.ALL.value,
        description=_l("A token never does more than your role allows."),
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=1024)])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])


class CodeForm(FlaskForm):
    """The second step of sign-in."""

    code = StringField(
        _l("Code"), validators=[DataRequired(), Length(max=64)],
        description=_l("The 6-digit code your authenticator app shows, or one of your "
                       "recovery codes."),
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off",
                   "spellcheck": "false"},
    )


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code from the app"), validators=[DataRequired(), Length(max=64)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ResetFactorForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)],
                         description=_l("For example: lost phone, identity checked by call"))
