"""The ``countries/`` folder: one reviewable TOML file per country (``countries/FR.toml``).

Import validates every file before changing anything; export writes a file only when its
text changed, so an export with no change leaves the folder byte-identical. Other domains
add their own tables to the files by appending a :class:`TomlSection` to ``TOML_SECTIONS``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.files import inside, write_atomically
from backoffice.core.validation import validate_country_code
from backoffice.countries import operations as ops
from backoffice.countries import snapshots, validation
from backoffice.countries.models import Country, Stage
from backoffice.countries.queries import all_countries
from backoffice.countries.state import state_of

HEADER = (
    "# A country's configuration in the launch backoffice. Edit it, review it, then run\n"
    "# `backoffice countries import`; `backoffice countries export` writes it back.\n\n"
)
CORE_FIELDS = ("code", "stage", "currency", "timezone", "max_seats_per_ride", "owner", "notes",
               "locales")
LOCALE_FIELDS = ("code", "parent", "other_language")


@dataclass(frozen=True)
class TomlSection:
    """A table another domain keeps in the country files (``[payments]``, ``[id_check]``).

    ``dump`` returns the table for a country (``None`` to leave it out); ``validate`` returns
    messages ``"field: message"`` for a table read from a file; ``load`` applies a valid table.
    """

    key: str
    dump: Callable[[Country], dict[str, Any] | None]
    validate: Callable[[Any], list[str]]
    load: Callable[[Country, Any], None]


TOML_SECTIONS: list[TomlSection] = []


# --- writing -------------------------------------------------------------------------


def _without_none(value: Any) -> Any:
    """TOML has no null: absent keys mean "none"."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


def country_document(country: Country) -> dict[str, Any]:
    document = snapshots.snapshot(country)
    for section in TOML_SECTIONS:
        table = section.dump(country)
        if table is not None:
            document[section.key] = table
    return document


def dumps(document: dict[str, Any]) -> str:
    """Deterministic TOML: the same document always gives the same text."""
    return HEADER + tomli_w.dumps(_without_none(document))


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically (temporary file, then rename) unless the file has it already."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomically(path, data)
    return True


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def export_folder(folder: Path, countries: Iterable[Country] | None = None) -> ExportResult:
    result = ExportResult()
    for country in countries if countries is not None else all_countries():
        name = f"{country.code}.toml"
        if write_if_changed(inside(folder, name), dumps(country_document(country))):
            result.written.append(name)
        else:
            result.unchanged.append(name)
    return result


# --- reading and validating -----------------------------------------------------------


@dataclass
class CountryFile:
    """One valid file, ready to apply."""

    path: Path
    code: str
    stage: Stage
    config: validation.CountryConfig
    sections: dict[str, Any]


class FolderError(Exception):
    """One or more files are invalid; ``messages`` name the file and the field."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def display_path(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def country_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FolderError([f"{folder}: no such folder"])
    return sorted(path for path in folder.iterdir() if path.suffix == ".toml" and path.is_file())


def _error(messages: list[str], path: Path, where: str | None, message: str) -> None:
    messages.append(f"{display_path(path)}: {where}: {message}" if where
                    else f"{display_path(path)}: {message}")


def read_file(path: Path, messages: list[str]) -> CountryFile | None:
    """Parse and check one file's fields; add messages and return None when it is invalid."""
    count = len(messages)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _error(messages, path, None, "the file is not UTF-8 text")
        return None
    except tomllib.TOMLDecodeError as error:
        _error(messages, path, None, f"invalid TOML: {error}")
        return None
    known = set(CORE_FIELDS) | {section.key for section in TOML_SECTIONS}
    for key in data:
        if key not in known:
            _error(messages, path, key, f"unknown field (known: {', '.join(sorted(known))})")

    def check(where: str, function: Callable[[], Any]) -> Any:
        try:
            return function()
        except OperationError as error:
            _error(messages, path, error.field or where, error.message)
            return None

    code = check("code", lambda: validate_country_code(_text(data, "code"), "code"))
    if code and path.name != f"{code}.toml":
        _error(messages, path, "code", f'"{code}" does not match the file name: '
               f"name the file {code}.toml")
    stage = check("stage", lambda: validation.validate_stage(
        data.get("stage", Stage.PLANNED.value)))
    currency = check("currency", lambda: validation.validate_currency(_text(data, "currency")))
    timezone = check("timezone", lambda: validation.validate_timezone(_text(data, "timezone")))
    seats = check("max_seats_per_ride", lambda: _seats(data))
    owner = data.get("owner")
    if owner is not None and not isinstance(owner, str):
        _error(messages, path, "owner", "must be the owner's e-mail as text")
    else:
        check("owner", lambda: validation.find_owner(owner))
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        _error(messages, path, "notes", "must be text")
    specs = _locale_specs(path, data.get("locales"), messages)
    if specs is not None:
        check("locales", lambda: validation.validate_locale_specs(specs))
    sections = {}
    for section in TOML_SECTIONS:
        if section.key in data:
            for message in section.validate(data[section.key]):
                _error(messages, path, section.key, message)
            sections[section.key] = data[section.key]
    if len(messages) > count:
        return None
    config = validation.CountryConfig(
        locales=specs or [], currency=currency, timezone=timezone, max_seats_per_ride=seats,
        owner_email=owner, notes=notes,
    )
    return CountryFile(path, code, stage, config, sections)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        raise OperationError("this field is required", key)
    if not isinstance(value, str):
        raise OperationError(f"must be text, not {value!r}", key)
    return value


def _seats(data: dict[str, Any]) -> int:
    value = data.get("max_seats_per_ride", validation.DEFAULT_SEATS)
    if not isinstance(value, int) or isinstance(value, bool):
        raise OperationError(
            f"must be a whole number from {validation.MIN_SEATS} to {validation.MAX_SEATS}, "
            f"not {value!r}",
            "max_seats_per_ride",
        )
    return validation.validate_seats(value)


def _locale_specs(path: Path, value: Any, messages: list[str]
                  ) -> list[validation.LocaleSpec] | None:
    if value is None:
        _error(messages, path, "locales", "at least one locale is required; the first is the "
               "country's default")
        return None
    if not isinstance(value, list):
        _error(messages, path, "locales", 'must be a list such as [{ code = "fr_BE" }]')
        return None
    specs = []
    valid = True
    for index, item in enumerate(value):
        where = f"locales[{index}]"
        if isinstance(item, str):
            item = {"code": item}
        if not isinstance(item, dict):
            _error(messages, path, where, 'must be a table such as { code = "fr_BE" }')
            valid = False
            continue
        for key in item:
            if key not in LOCALE_FIELDS:
                _error(messages, path, f"{where}.{key}",
                       "unknown field (known: code, parent, other_language)")
                valid = False
        code, parent = item.get("code"), item.get("parent")
        if not isinstance(code, str):
            _error(messages, path, f"{where}.code", "a locale id such as fr_BE is required")
            valid = False
            continue
        if parent is not None and not isinstance(parent, str):
            _error(messages, path, f"{where}.parent", "must be a locale id such as fr_FR")
            valid = False
            continue
        specs.append(validation.LocaleSpec(code, parent, item.get("other_language") is True))
    return specs if valid else None


def validate_folder(folder: Path, progress: Callable[[Iterable[Path]], Any] | None = None,
                    ) -> list[CountryFile]:
    """Every file checked, and the files checked against each other; raise FolderError."""
    messages: list[str] = []
    paths = country_files(folder)
    files: list[CountryFile] = []
    for path in progress(paths) if progress else paths:
        parsed = read_file(path, messages)
        if parsed is not None:
            files.append(parsed)
    _check_parents_across_files(files, messages)
    _check_stage_moves(files, messages)
    if messages:
        raise FolderError(messages)
    return files


def _check_parents_across_files(files: list[CountryFile], messages: list[str]) -> None:
    """Locale rows are shared: two files must agree on a locale's parent, with no cycle."""
    claimed: dict[str, tuple[str | None, Path]] = {}
    for country_file in files:
        for index, spec in enumerate(country_file.config.locales):
            earlier = claimed.get(spec.code)
            if earlier is not None and earlier[0] != spec.parent:
                _error(messages, country_file.path, f"locales[{index}].parent",
                       f"{spec.code} has parent {spec.parent or 'none'} here but "
                       f"{earlier[0] or 'none'} in {display_path(earlier[1])}")
            else:
                claimed[spec.code] = (spec.parent, country_file.path)
    graph = {**validation.current_parents(), **{code: value[0] for code, value in claimed.items()}}
    for country_file in files:
        for index, spec in enumerate(country_file.config.locales):
            cycle = validation.find_cycle(spec.code, graph)
            if cycle:
                _error(messages, country_file.path, f"locales[{index}].parent",
                       f"parent cycle: {' -> '.join(cycle)}")


def _check_stage_moves(files: list[CountryFile], messages: list[str]) -> None:
    """A file names the launch stage; online payment is finance's, never a file's.

    Moves are made by the launch pipeline when the files are applied, through the same
    gates as in the console (``import_files``'s ``move``).
    """
    for country_file in files:
        if country_file.stage == Stage.PAYMENTS_LIVE:
            _error(messages, country_file.path, "stage",
                   'online payment is switched on only through a change request approved by '
                   'finance, never by a file: write "live"')


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


StageMove = Callable[[Country, str, str], None]


def import_files(files: list[CountryFile], *, move: StageMove | None,
                 reason: str = "imported from countries/",
                 progress: Callable[[Iterable[CountryFile]], Any] | None = None) -> ImportResult:
    """Apply validated files: create new countries, update changed ones (a new version each).

    ``move(country, stage, reason)`` takes a country to the stage its file asks for, through
    the launch pipeline's gates (a refusal fails the whole import); ``None`` leaves every
    stage as it is (new countries are ``planned``).
    """
    result = ImportResult()
    for country_file in progress(files) if progress else files:
        country = db.session.get(Country, country_file.code)
        if country is None:
            country = ops.create_country(country_file.code, country_file.config, reason=reason)
            changed = True
            result.created.append(country_file.code)
        else:
            changed = ops.update_country(country, country_file.config, expected_version=None,
                                         reason=reason)
        for section in TOML_SECTIONS:
            if section.key in country_file.sections:
                section.load(country, country_file.sections[section.key])
        wanted = country_file.stage.value
        if move is not None and state_of(country).stage != wanted:
            try:
                move(country, wanted, reason)
            except OperationError as error:
                raise OperationError(f"{country_file.path.name}: stage: {error.message}",
                                     "stage") from None
            changed = True
        if country_file.code not in result.created:
            (result.updated if changed else result.unchanged).append(country_file.code)
    db.session.flush()
    return result


def import_folder(folder: Path, *, move: StageMove | None,
                  reason: str = "imported from countries/") -> ImportResult:
    return import_files(validate_folder(folder), reason=reason, move=move)
