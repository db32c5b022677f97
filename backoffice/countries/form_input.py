"""What the country forms offer (currency, time zone and owner choices) and what they
give back (a configuration, the version it was loaded from), and where an error shows."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from backoffice.core.errors import OperationError
from backoffice.core.forms import apply_error as shared_apply_error
from backoffice.countries import choices, cldr, validation
from backoffice.countries.forms import CountryForm, parse_locale_lines
from backoffice.countries.models import Country
from backoffice.countries.validation import LocaleSpec

_LOCALE_FIELD = re.compile(r"^locales\[(\d+)\](?:\.parent)?$")


def display_locale() -> str:
    return str(get_locale() or "en")


def setup_choices(form: CountryForm, code: str, current: Country | None) -> None:
    defaults = cldr.cldr_defaults(code)
    form.currency.choices = choices.currency_choices(
        code, form.currency.data or (current.currency if current else None))
    form.timezone.choices = choices.timezone_choices(
        defaults.timezones, form.timezone.data or (current.timezone if current else None))
    form.owner.choices = choices.owner_choices(
        current.owner.email if current is not None and current.owner is not None else None)


def config_from(form: CountryForm) -> validation.CountryConfig:
    specs = parse_locale_lines(form.locales.data)
    for number, spec in enumerate(specs, start=1):
        if isinstance(spec, str):
            raise OperationError(
                _('Line %(line)d: "%(text)s": write a locale, then optionally its parent, '
                  "such as fr_BE fr_FR.", line=number, text=spec),
                "locales",
            )
    confirmed = bool(form.other_language.data)
    return validation.CountryConfig(
        locales=[LocaleSpec(spec.code, spec.parent, confirmed) for spec in specs
                 if isinstance(spec, LocaleSpec)],
        currency=form.currency.data or "",
        timezone=form.timezone.data or "",
        max_seats_per_ride=(form.max_seats_per_ride.data or "").strip(),
        owner_email=form.owner.data or None,
        notes=form.notes.data or "",
    )


def expected_version(form: Any) -> int | None:
    text = (form.version.data or "").strip()
    if not text.isdigit():
        raise OperationError(_("The form is missing the version it was loaded from; reload "
                               "the page."), "version")
    return int(text)


def apply_error(form: Any, error: OperationError) -> None:
    """Show the error on its field; ``locales[2].parent`` lands on the locales box, line 3."""
    name, message = error.field, error.message
    match = _LOCALE_FIELD.match(name or "")
    if match:
        name = "locales"
        message = _("Line %(line)d: %(message)s", line=int(match.group(1)) + 1, message=message)
    shared_apply_error(form, error, field=name if name not in ("version", "code") else "",
                       message=message)
