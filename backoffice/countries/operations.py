"""Countries: creation with CLDR defaults, configuration changes, versions, locales.

Every change to a country's configuration bumps ``Country.version`` and stores the new
state as a :class:`CountryVersion`, so the history can be compared and restored. A save
names the version it started from; a save against a newer version is a conflict.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import pycountry
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies, list_currencies
from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from backoffice.accounts.models import User
from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.locale_ids import (
    babel_locale,
    is_known,
    language_of,
    parse_locale_id,
    validate_locale_id,
)
from backoffice.core.validation import validate_country_code
from backoffice.countries import signals
from backoffice.countries.models import Country, CountryLocale, CountryVersion, Locale, Stage
from backoffice.countries.queries import all_countries
from backoffice.countries.state import CountryState, state_of, states_of

MIN_SEATS, MAX_SEATS, DEFAULT_SEATS = 1, 8, 4
STAGE_ORDER = [stage.value for stage in Stage]
# Fields a restore brings back; the stage moves only through the launch pipeline.
RESTORABLE_FIELDS = ("currency", "timezone", "max_seats_per_ride", "owner", "notes", "locales")


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


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


# --- validation ----------------------------------------------------------------------


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


# --- CLDR defaults -------------------------------------------------------------------


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
            name = known.territories.get(code) if known else None
        except OperationError:
            name = None
        if name:
            return name
    entry = pycountry.countries.get(alpha_2=code)
    return entry.name if entry else code


# --- reading -------------------------------------------------------------------------


def snapshot(country: Country, state: CountryState | None = None) -> dict[str, Any]:
    """The configuration as plain data: the same shape as the country's TOML file.

    ``stage`` is the launch stage now (``countries.state``): online payment is finance's
    decision, never in a file, and a restore never brings the stage back.
    """
    state = state or state_of(country)
    return {
        "code": country.code,
        "stage": state.stage,
        "currency": country.currency,
        "timezone": country.timezone,
        "max_seats_per_ride": country.max_seats_per_ride,
        "owner": country.owner.email if country.owner else None,
        "notes": country.notes or "",
        "locales": [
            {"code": link.locale_code, "parent": link.locale.parent_code}
            for link in country.locales
        ],
    }


def versions(country: Country) -> list[CountryVersion]:
    """Newest first."""
    return list(db.session.scalars(
        select(CountryVersion).where(CountryVersion.country_code == country.code)
        .order_by(CountryVersion.number.desc())
    ))


def get_version(country: Country, number: int) -> CountryVersion:
    version = db.session.scalar(select(CountryVersion).where(
        CountryVersion.country_code == country.code, CountryVersion.number == number))
    if version is None:
        raise NotFoundError(_("%(code)s has no version %(number)s.", code=country.code,
                              number=number), "version")
    return version


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[FieldChange]:
    """Field-level changes between two snapshots, in the snapshot's field order."""
    before = before or {}
    keys = list(after) + [key for key in before if key not in after]
    return [
        FieldChange(key, before.get(key), after.get(key))
        for key in keys if before.get(key) != after.get(key)
    ]


def config_from_snapshot(data: Mapping[str, Any]) -> CountryConfig:
    return CountryConfig(
        locales=[LocaleSpec(item["code"], item.get("parent")) for item in data.get("locales", [])],
        currency=data.get("currency", ""),
        timezone=data.get("timezone", ""),
        max_seats_per_ride=data.get("max_seats_per_ride", DEFAULT_SEATS),
        owner_email=data.get("owner"),
        notes=data.get("notes", ""),
    )


# --- writing -------------------------------------------------------------------------


def ensure_locale(code: str, parent: str | None = None, *, keep_parent: bool = False) -> Locale:
    """The shared ``Locale`` row for ``code``, created if needed, with ``parent`` set.

    With ``keep_parent`` an existing row keeps its parent (used for parents themselves).
    """
    if parent is not None:
        ensure_locale(parent, keep_parent=True)
    locale = db.session.get(Locale, code)
    if locale is None:
        locale = Locale(code=code, parent_code=parent)
        db.session.add(locale)
        db.session.flush()
        audit.record("locale.created", "locale", code, after={"parent": parent})
    elif not keep_parent and locale.parent_code != parent:
        before = locale.parent_code
        locale.parent_code = parent
        db.session.flush()
        audit.record("locale.updated", "locale", code, before={"parent": before},
                     after={"parent": parent})
    return locale


def _set_locales(country: Country, specs: Sequence[LocaleSpec]) -> None:
    for spec in specs:
        ensure_locale(spec.code, spec.parent)
    existing = {link.locale_code: link for link in country.locales}
    links = []
    for position, spec in enumerate(specs):
        link = existing.get(spec.code) or CountryLocale(locale_code=spec.code)
        link.position = position
        links.append(link)
    country.locales = links  # links left out are deleted (delete-orphan)
    db.session.flush()
    signals.locales_set.send(country, locales=[spec.code for spec in specs], actor=_actor())


def _actor() -> User | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user  # type: ignore[return-value]
    return None


def _add_version(country: Country, data: dict[str, Any], reason: str | None) -> CountryVersion:
    actor = _actor()
    version = CountryVersion(
        country_code=country.code, number=country.version, snapshot=data,
        author_id=getattr(actor, "id", None), author_email=getattr(actor, "email", None),
        reason=reason or None,
    )
    db.session.add(version)
    db.session.flush()
    return version


def _check_version(country: Country, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != country.version:
        raise ConflictError(
            _("%(code)s was changed by someone else (now version %(current)d; you started "
              "from version %(yours)d).", code=country.code, current=country.version,
              yours=int(expected_version)),
            "version",
        )


def _bump_version(country: Country, started_from: int) -> None:
    """Take the next version number, atomically: a concurrent save makes this one fail."""
    now = utcnow()
    result = db.session.execute(
        update(Country)
        .where(Country.code == country.code, Country.version == started_from)
        .values(version=started_from + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(
            _("%(code)s was changed by someone else while you were saving. Reload and try "
              "again.", code=country.code),
            "version",
        )
    set_committed_value(country, "version", started_from + 1)
    set_committed_value(country, "updated_at", now)


def create_country(
    code: str,
    config: CountryConfig,
    *,
    reason: str | None = None,
) -> Country:
    """A new country, ``planned``: it moves on only through the launch pipeline."""
    code = validate_country_code(code, "code")
    if db.session.get(Country, code) is not None:
        raise OperationError(_("%(code)s already exists.", code=code), "code")
    locales, owner, seats = validate_config(config)
    country = Country(
        code=code, recorded_stage=Stage.PLANNED.value, currency=config.currency.strip(),
        timezone=config.timezone.strip(), max_seats_per_ride=seats,
        owner=owner, notes=config.notes or "", version=1,
    )
    db.session.add(country)
    db.session.flush()
    _set_locales(country, locales)
    data = snapshot(country)
    _add_version(country, data, reason)
    audit.record("country.created", "country", code, after=data, reason=reason,
                 country_code=code)
    return country


def update_country(
    country: Country,
    config: CountryConfig,
    *,
    expected_version: int | None,
    reason: str | None = None,
    action: str = "country.updated",
) -> bool:
    """Apply ``config``; return False when it changes nothing (no new version then)."""
    _check_version(country, expected_version)
    locales, owner, seats = validate_config(config)
    started_from = country.version
    before = snapshot(country)
    country.currency = config.currency.strip()
    country.timezone = config.timezone.strip()
    country.max_seats_per_ride = seats
    country.owner = owner
    country.notes = config.notes or ""
    _set_locales(country, locales)
    return _record_change(country, before, started_from, action=action, reason=reason)


def _record_change(
    country: Country, before: dict[str, Any], started_from: int, *, action: str,
    reason: str | None,
) -> bool:
    after = snapshot(country)
    if after == before:
        return False
    _bump_version(country, started_from)
    _add_version(country, after, reason)
    audit.record(action, "country", country.code, before=before, after=after, reason=reason,
                 country_code=country.code)
    return True


def restore_version(
    country: Country, number: int, *, expected_version: int | None, reason: str | None = None,
) -> bool:
    """Bring back an earlier configuration as a new version (the stage is not restored)."""
    _check_version(country, expected_version)
    old = get_version(country, number)
    config = config_from_snapshot(old.snapshot)
    note = _("restored version %(number)d", number=number)
    return update_country(
        country, config, expected_version=expected_version,
        reason=f"{note}: {reason}" if reason else note, action="country.restored",
    )


# --- listing -------------------------------------------------------------------------


@dataclass
class CountryRow:
    code: str
    name: str
    stage: str
    locales: list[str]
    currency: str
    owner: str
    updated_at: datetime
    version: int


SORT_KEYS = ("name", "code", "stage", "locales", "currency", "owner", "updated")


@dataclass
class TableQuery:
    """Filters and sort order of the countries table, from the query string."""

    stage: str = ""
    locale: str = ""
    currency: str = ""
    owner: str = ""
    q: str = ""
    sort: str = "name"
    descending: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TableQuery:
        sort = args.get("sort", "name")
        return cls(
            stage=args.get("stage", "") if args.get("stage") in STAGE_ORDER else "",
            locale=args.get("locale", "").strip(),
            currency=args.get("currency", "").strip().upper(),
            owner=args.get("owner", "").strip().lower(),
            q=args.get("q", "").strip(),
            sort=sort if sort in SORT_KEYS else "name",
            descending=args.get("dir") == "desc",
        )

    def args(self, **changes: Any) -> dict[str, str]:
        values = {"stage": self.stage, "locale": self.locale, "currency": self.currency,
                  "owner": self.owner, "q": self.q, "sort": self.sort,
                  "dir": "desc" if self.descending else ""}
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    def sort_args(self, key: str) -> dict[str, str]:
        """Clicking a column sorts by it; clicking the sorted column flips the order."""
        descending = key == self.sort and not self.descending
        return self.args(sort=key, dir="desc" if descending else "")


def country_rows(display_locale: str | None, query: TableQuery | None = None,
                 countries: list[Country] | None = None,
                 states: Mapping[str, CountryState] | None = None) -> list[CountryRow]:
    query = query or TableQuery()
    countries = countries if countries is not None else all_countries()
    states = states if states is not None else states_of(countries)
    rows = [
        CountryRow(
            code=country.code,
            name=country_name(country.code, display_locale),
            stage=states[country.code].public_stage,
            locales=country.locale_codes,
            currency=country.currency,
            owner=country.owner.email if country.owner else "",
            updated_at=country.updated_at,
            version=country.version,
        )
        for country in countries
    ]
    rows = [row for row in rows if _matches(row, query)]
    keys = {
        "name": lambda r: (r.name.casefold(), r.code),
        "code": lambda r: r.code,
        "stage": lambda r: STAGE_ORDER.index(r.stage) if r.stage in STAGE_ORDER else 99,
        "locales": lambda r: (len(r.locales), r.locales),
        "currency": lambda r: r.currency,
        "owner": lambda r: r.owner,
        "updated": lambda r: r.updated_at,
    }
    # Ties keep the name order, whichever way the column is sorted (the sort is stable).
    rows.sort(key=keys["name"])
    return sorted(rows, key=keys[query.sort], reverse=query.descending)


def _matches(row: CountryRow, query: TableQuery) -> bool:
    if query.stage and row.stage != query.stage:
        return False
    if query.locale and query.locale.lower() not in (code.lower() for code in row.locales):
        return False
    if query.currency and row.currency != query.currency:
        return False
    if query.owner and query.owner not in row.owner:
        return False
    needle = query.q.casefold()
    return not needle or needle in row.name.casefold() or needle == row.code.casefold()


def locale_choices(countries: Iterable[Country]) -> list[str]:
    return sorted({code for country in countries for code in country.locale_codes})
