"""Reading and writing coverage files (``coverage/<provider>.toml``).

Admins edit these files, so every problem is reported with the file and the field it is
in, all at once. Writing is canonical (fixed header, sorted countries, documents in enum
order) so that a file saved from the console diffs cleanly against the shipped one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pycountry
import tomli_w

from connectors.idcheck import DocumentType

# ISO 3166-1 user-assigned code in common use that pycountry does not list.
EXTRA_COUNTRY_CODES = frozenset({"XK"})
_ALPHA_2 = re.compile(r"[A-Z]{2}")
_FIELDS = frozenset({"display_name", "countries"})
_COUNTRY_FIELDS = frozenset({"documents"})
_DOCUMENT_ORDER = {document: index for index, document in enumerate(DocumentType)}
_DOCUMENT_VALUES = frozenset(document.value for document in DocumentType)

HEADER = """\
# ID-check coverage: the documents we accept through this provider, per country.
#
# This is configuration maintained by our team, NOT a statement by the vendor: it lists
# what we have contracted, enabled and tested, and the vendor's own list may differ. An
# admin updates it when that changes (edit and deploy, or save from the console after
# reviewing the impact on country policies).
#
# Format: display_name, then one [countries.XX] table per ISO 3166-1 alpha-2 code (XK for
# Kosovo) whose documents are any of "passport", "national_id", "driving_licence" and
# "residence_permit".
"""


class CoverageError(ValueError):
    """An invalid coverage file; ``problems`` holds every ``(field, message)`` found."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Coverage:
    display_name: str
    countries: Mapping[str, frozenset[DocumentType]] = field(default_factory=dict)


def is_country_code(code: str) -> bool:
    return bool(_ALPHA_2.fullmatch(code)) and (
        code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_2=code) is not None
    )


def parse_coverage(text: str, source: str) -> Coverage:
    """Parse and validate one file; ``source`` (its file name) prefixes every message."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line L, column C)"
        raise CoverageError(f"{source}: invalid TOML: {exc}", [("", str(exc))]) from None
    problems: list[tuple[str, str]] = []
    for key in sorted(data.keys() - _FIELDS):
        problems.append((key, "unknown field (expected display_name and countries)"))
    display_name = _display_name(data.get("display_name"), problems)
    countries = _countries(data.get("countries", {}), problems)
    if problems:
        message = "\n".join(f"{source}: {name}: {problem}" for name, problem in problems)
        raise CoverageError(message, problems)
    return Coverage(display_name=display_name, countries=countries)


def _display_name(value: Any, problems: list[tuple[str, str]]) -> str:
    if value is None:
        problems.append(("display_name", "missing"))
    elif not isinstance(value, str):
        problems.append(("display_name", f"expected a string, got {_type_name(value)}"))
    elif not value.strip() or not value.isprintable():
        problems.append(("display_name", "must be a non-empty single line"))
    else:
        return value.strip()
    return ""


def _countries(value: Any, problems: list[tuple[str, str]]) -> dict[str, frozenset[DocumentType]]:
    if not isinstance(value, dict):
        problems.append(("countries", f"expected a table, got {_type_name(value)}"))
        return {}
    countries = {}
    for code, entry in value.items():
        where = f"countries.{code}"
        if not is_country_code(code):
            hint = " (use upper case)" if is_country_code(code.upper()) else ""
            problems.append((where, f'unknown country code "{code}"{hint}'))
            continue
        if not isinstance(entry, dict):
            problems.append((where, f"expected a table, got {_type_name(entry)}"))
            continue
        for key in sorted(entry.keys() - _COUNTRY_FIELDS):
            problems.append((f"{where}.{key}", "unknown field (expected documents)"))
        documents = _documents(entry.get("documents"), f"{where}.documents", problems)
        if documents:
            countries[code] = documents
    return countries


def _documents(value: Any, where: str, problems: list[tuple[str, str]]) -> frozenset[DocumentType]:
    if value is None:
        problems.append((where, "missing"))
        return frozenset()
    if not isinstance(value, list):
        problems.append((where, f"expected an array of strings, got {_type_name(value)}"))
        return frozenset()
    if not value:
        problems.append((where, "empty: list at least one document or remove the country"))
    found: list[DocumentType] = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            problems.append((f"{where}[{index}]", f"expected a string, got {_type_name(item)}"))
        elif item not in _DOCUMENT_VALUES:
            expected = ", ".join(DocumentType)
            problem = f'unknown document type "{item}" (expected one of: {expected})'
            problems.append((f"{where}[{index}]", problem))
        elif DocumentType(item) in found:
            problems.append((f"{where}[{index}]", f'"{item}" is listed twice'))
        else:
            found.append(DocumentType(item))
    return frozenset(found)


def _type_name(value: Any) -> str:
    names = {
        str: "string",
        bool: "boolean",
        int: "integer",
        float: "float",
        list: "array",
        dict: "table",
    }
    return names.get(type(value), "date or time")


def dump_coverage(coverage: Coverage) -> str:
    """The canonical text of a coverage file, header comment included."""
    lines = [HEADER, "\n", tomli_w.dumps({"display_name": coverage.display_name})]
    for code in sorted(coverage.countries):
        documents = sorted(coverage.countries[code], key=_DOCUMENT_ORDER.__getitem__)
        listed = ", ".join(f'"{document.value}"' for document in documents)
        lines.append(f"\n[countries.{code}]\ndocuments = [{listed}]\n")
    return "".join(lines)
