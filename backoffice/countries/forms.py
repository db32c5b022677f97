from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import NumberInput

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.labels import STAGE_LABELS  # noqa: F401 - forms name stages
from backoffice.countries.validation import LocaleSpec

FIELD_LABELS = {
    "code": _l("Country code"),
    "stage": _l("Stage"),
    "currency": _l("Currency"),
    "timezone": _l("Time zone"),
    "max_seats_per_ride": _l("Max seats per ride"),
    "owner": _l("Owner"),
    "notes": _l("Notes"),
    "locales": _l("Locales"),
}

_SEPARATORS = re.compile(r"\s*(?:->|→|>|:|,)\s*|\s+")


def parse_locale_lines(text: str | None) -> list[LocaleSpec | str]:
    """One locale per line, optionally followed by its parent: ``fr_BE fr_FR``.

    A line that cannot be read is returned as a string: the caller reports it.
    """
    specs: list[LocaleSpec | str] = []
    for line in (text or "").splitlines():
        parts = [part for part in _SEPARATORS.split(line.strip()) if part]
        if not parts:
            continue
        if len(parts) > 2:
            specs.append(line.strip())
        else:
            specs.append(LocaleSpec(parts[0], parts[1] if len(parts) == 2 else None))
    return specs


def locale_lines(specs: list[LocaleSpec] | list[dict[str, Any]]) -> str:
    lines = []
    for spec in specs:
        code, parent = (spec["code"], spec.get("parent")) if isinstance(spec, dict) else (
            spec.code, spec.parent)
        lines.append(f"{code} {parent}" if parent else code)
    return "\n".join(lines)


class CodeForm(FlaskForm):
    """Step one of creating a country: its code (a GET form, no CSRF needed)."""

    class Meta:
        csrf = False

    code = StringField(_l("Country code"), validators=[DataRequired(), Length(max=8)],
                       description=_l("ISO 3166-1 alpha-2, two capital letters, such as PL"))


class CountryForm(FlaskForm):
    locales = TextAreaField(
        _l("Locales"),
        validators=[Length(max=2000)],
        description=_l("One per line, the default first. A parent after the locale is where "
                       "its missing translations come from, e.g. fr_BE fr_FR"),
        render_kw={"rows": 4},
    )
    currency = SelectField(_l("Currency"), validate_choice=False)
    timezone = SelectField(_l("Time zone"), validate_choice=False)
    max_seats_per_ride = StringField(
        _l("Max seats per ride"), widget=NumberInput(min=1, max=8),
        description=_l("From 1 to 8"),
    )
    owner = SelectField(_l("Owner"), validate_choice=False)
    other_language = BooleanField(
        _l("A parent in another language is intended"),
        description=_l("Tick only if a locale should fall back to a locale of another "
                       "language."))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10_000)],
                          render_kw={"rows": 3})
    reason = StringField(_l("Reason for the change"), validators=[Optional(), Length(max=500)])
    version = HiddenField()


class CountryCreateForm(CountryForm):
    code = HiddenField()




class RestoreForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    version = HiddenField()
