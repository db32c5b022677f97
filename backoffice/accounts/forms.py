from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

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
    role = SelectField(
        _l("Role"), choices=[(role.value, label) for role, label in ROLE_LABELS.items()]
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
        return _split(self.locales.data)  # type: ignore[attr-defined]

    @property
    def country_list(self) -> list[str]:
        return _split(self.countries.data)  # type: ignore[attr-defined]


class UserCreateForm(_ScopeFields, FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(max=1024)])


class UserEditForm(_ScopeFields, FlaskForm):
    active = BooleanField(_l("Active"))


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What will use it, e.g. product CI"))


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])
