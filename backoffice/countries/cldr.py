"""What CLDR (through Babel) suggests for a country: locales, currency, time zones,
plural rules, names in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies

from backoffice.core.errors import OperationError
from backoffice.core.locale_ids import (
    babel_locale,
    parse_locale_id,
    validate_locale_id,
)
from backoffice.core.validation import validate_country_code
from backoffice.countries.validation import DEFAULT_SEATS, LocaleSpec, _timezones


@dataclass
class CountryDefaults:
    """What CLDR suggests for a new country; the person may change all of it."""

    code: str
    locales: list[LocaleSpec]
    currencies: list[str]
    timezones: list[str]
    plural_forms: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def currency(self) -> str:
        """The currency when CLDR names exactly one, else empty: the person picks."""
        return self.currencies[0] if len(self.currencies) == 1 else ""

    @property
    def timezone(self) -> str:
        return self.timezones[0] if len(self.timezones) == 1 else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "locales": [{"code": s.code, "parent": s.parent} for s in self.locales],
            "currencies": self.currencies,
            "currency": self.currency,
            "timezones": self.timezones,
            "timezone": self.timezone,
            "max_seats_per_ride": DEFAULT_SEATS,
            "plural_forms": {
                locale: [{"category": c, "rule": r, "samples": s} for c, r, s in rows]
                for locale, rows in self.plural_forms.items()
            },
        }


def cldr_defaults(code: str, today: date | None = None) -> CountryDefaults:
    code = validate_country_code(code, "code")
    locales: list[LocaleSpec] = []
    for language in get_official_languages(code, de_facto=True):
        try:
            # gettext's id (``zh_CN``), which Babel understands without renaming it.
            locale = validate_locale_id(f"{language}_{code}")
            if babel_locale(locale) is None:
                continue
        except OperationError:
            continue
        if locale not in [spec.code for spec in locales]:
            locales.append(LocaleSpec(locale, suggest_parent(locale)))
    currencies = get_territory_currencies(code, today or date.today())
    zones = sorted(get_global("territory_zones").get(code, ()))
    return CountryDefaults(
        code=code,
        locales=locales,
        currencies=list(currencies),
        timezones=[zone for zone in zones if zone in _timezones()],
        plural_forms={spec.code: plural_rows(spec.code) for spec in locales},
    )


def suggest_parent(locale_code: str) -> str | None:
    """``<language>_<the language's main territory>`` from CLDR's likely subtags.

    ``fr_BE`` -> ``fr_FR``, ``es_MX`` -> ``es_ES``, ``de_CH`` -> ``de_DE``; a locale that
    is already its language's main one (``fr_FR``, ``hi_IN``) gets none.
    """
    try:
        parts = parse_locale_id(locale_code)
    except OperationError:
        return None
    locale = babel_locale(locale_code)
    if locale is None or parts.script or parts.modifier or not parts.territory:
        return None
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = likely.split("_")[-1] if likely else ""
    if not territory or territory == parts.territory:
        return None
    candidate = f"{parts.language}_{territory}"
    return candidate if babel_locale(candidate) is not None else None


def plural_rows(locale_code: str) -> list[tuple[str, str, str]]:
    """``(category, CLDR rule, sample integers)`` for each plural category of the locale
    (none for a language CLDR does not know: its catalog's own rule applies)."""
    known = babel_locale(locale_code)
    if known is None:
        return []
    rule = known.plural_form
    samples: dict[str, list[int]] = {tag: [] for tag in rule.tags}
    samples.setdefault("other", [])
    for number in [*range(0, 112), 1000, 10_000, 100_000, 1_000_000]:
        bucket = samples.setdefault(rule(number), [])
        if len(bucket) < 6:
            bucket.append(number)
    order = ["zero", "one", "two", "few", "many", "other"]
    rows = []
    for tag in order:
        if tag in samples:
            text = ", ".join(str(n) for n in samples[tag])
            more = "…" if len(samples[tag]) == 6 else ""
            if not text and tag == "other":
                text, more = "0.5, 1.5", "…"
            rows.append((tag, rule.rules.get(tag, ""), text + more))
    return rows


def country_name(code: str, display_locale: str | None = None) -> str:
    if display_locale:
        try:
            known = babel_locale(display_locale)
            name: str | None = known.territories.get(code) if known else None
        except OperationError:
            name = None
        if name:
            return name
    entry = pycountry.countries.get(alpha_2=code)
    return entry.name if entry else code
