"""What a country's configuration may hold: the one place each field is checked.

Forms, country files and the admin API all build a ``CountryConfig`` and ask here.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.numbers import list_currencies
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts.models import User
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.locale_ids import (
    is_known,
    language_of,
    validate_locale_id,
)
from backoffice.countries.models import Locale, Stage

MIN_SEATS, MAX_SEATS, DEFAULT_SEATS = 1, 8, 4
STAGE_ORDER = [stage.value for stage in Stage]


@dataclass(frozen=True)
class LocaleSpec:
    """One of a country's locales, with the parent its translations fall back to.

    ``other_language`` confirms a new parent in another language (a German variant that
    falls back to French is almost always a mistake, so it is refused unless confirmed).
    """

    code: str
    parent: str | None = None
    other_language: bool = False


@dataclass
class CountryConfig:
    """A country's editable configuration, as plain data (from a form, a file, a version)."""

    locales: list[LocaleSpec]
    currency: str
    timezone: str
    max_seats_per_ride: int | str = DEFAULT_SEATS
    owner_email: str | None = None
    notes: str = ""


def strict_locale(value: Any, field: str) -> str:
    """A locale id, kept exactly as the team writes it (``core.locale_ids``)."""
    return validate_locale_id(value, field)


def validate_currency(value: Any, field: str = "currency") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise OperationError(_("A currency is required."), field)
    if text not in _currencies():
        raise OperationError(
            _('"%(value)s" is not a currency code known to CLDR (ISO 4217), such as EUR.',
              value=value),
            field,
        )
    return text


def validate_timezone(value: Any, field: str = "timezone") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise OperationError(_("A time zone is required."), field)
    if text not in _timezones():
        raise OperationError(
            _('"%(value)s" is not a time zone of the IANA database, such as Europe/Paris.',
              value=value),
            field,
        )
    return text


def validate_seats(value: Any, field: str = "max_seats_per_ride") -> int:
    message = _("The maximum number of seats per ride must be a whole number from %(low)d "
                "to %(high)d.", low=MIN_SEATS, high=MAX_SEATS)
    if isinstance(value, bool):
        raise OperationError(message, field)
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise OperationError(message, field)
        value = int(value.strip())
    if not isinstance(value, int) or not MIN_SEATS <= value <= MAX_SEATS:
        raise OperationError(message, field)
    return value


def validate_stage(value: Any, field: str = "stage") -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise OperationError(
            _('"%(value)s" is not a launch stage; use one of: %(stages)s.',
              value=value, stages=", ".join(STAGE_ORDER)),
            field,
        ) from None


def find_owner(email: str | None, field: str = "owner") -> User | None:
    text = (email or "").strip().lower()
    if not text:
        return None
    user = db.session.scalar(select(User).where(User.email == text))
    if user is None or not user.active:
        raise OperationError(_('No active user has the e-mail "%(email)s".', email=email), field)
    return user


def validate_locale_specs(
    specs: Sequence[LocaleSpec], *, other_parents: Mapping[str, str | None] | None = None
) -> list[LocaleSpec]:
    """Check codes, duplicates and parents; errors name ``locales[i]`` or ``locales[i].parent``.

    ``other_parents`` are parent links about to be written elsewhere (other files of an
    import); they count with the database's for cycle detection.
    """
    if not specs:
        raise OperationError(_("A country needs at least one locale; the first is its default."),
                             "locales")
    clean: list[LocaleSpec] = []
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        code = strict_locale(spec.code, f"locales[{index}]")
        if code in seen:
            raise OperationError(_("%(code)s is listed twice.", code=code), f"locales[{index}]")
        seen.add(code)
        parent = None
        if spec.parent not in (None, ""):
            parent = strict_locale(spec.parent, f"locales[{index}].parent")
            if parent == code:
                raise OperationError(
                    _("%(code)s cannot be its own parent.", code=code), f"locales[{index}].parent"
                )
        clean.append(LocaleSpec(code, parent, spec.other_language))
    existing = current_parents()
    for index, spec in enumerate(clean):
        crosses = spec.parent and language_of(spec.code) != language_of(spec.parent)
        if crosses and existing.get(spec.code) != spec.parent and not spec.other_language:
            raise OperationError(_(
                "%(code)s would fall back to %(parent)s, a locale of another language: its "
                "missing text would show in the wrong language. Confirm the parent in another "
                "language if this is what you want.", code=spec.code, parent=spec.parent),
                f"locales[{index}].parent")
    graph = {**existing, **(other_parents or {})}
    graph.update({spec.code: spec.parent for spec in clean})
    for index, spec in enumerate(clean):
        cycle = find_cycle(spec.code, graph)
        if cycle:
            raise OperationError(
                _("Parent cycle: %(path)s.", path=" -> ".join(cycle)), f"locales[{index}].parent"
            )
    return clean


def locale_warnings(specs: Sequence[LocaleSpec]) -> list[str]:
    """What a person should know of these locales before relying on them."""
    warnings = []
    for spec in specs:
        if not is_known(spec.code):
            warnings.append(_(
                "CLDR does not know %(code)s: its plural rules come from its catalog, and "
                "names and defaults are not available.", code=spec.code))
        if spec.parent and language_of(spec.code) != language_of(spec.parent):
            warnings.append(_("%(code)s falls back to %(parent)s, in another language.",
                              code=spec.code, parent=spec.parent))
    return warnings


def current_parents() -> dict[str, str | None]:
    return {code: parent for code, parent in db.session.execute(
        select(Locale.code, Locale.parent_code))}


def find_cycle(start: str, graph: Mapping[str, str | None]) -> list[str] | None:
    path = [start]
    node = graph.get(start)
    while node is not None:
        path.append(node)
        if node == start:
            return path
        if node in path[:-1]:
            return None  # a cycle further up, reported for the locale that is in it
        node = graph.get(node)
    return None


def validate_config(config: CountryConfig) -> tuple[list[LocaleSpec], User | None, int]:
    locales = validate_locale_specs(config.locales)
    validate_currency(config.currency)
    validate_timezone(config.timezone)
    seats = validate_seats(config.max_seats_per_ride)
    owner = find_owner(config.owner_email)
    notes = config.notes or ""
    if not isinstance(notes, str) or len(notes) > 10_000:
        raise OperationError(_("Notes must be text of at most 10,000 characters."), "notes")
    return locales, owner, seats


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def all_currencies() -> list[str]:
    return sorted(_currencies())


def all_timezones() -> list[str]:
    return sorted(_timezones())
