"""What a catalog is made of: entries, the file around them, and the problems found in one.

Every entry keeps ``raw``, the exact text of its block in the file. "Modified" is tracked by
value: an entry remembers the field values ``raw`` describes (its *state* when read), and
any later difference, however it was made, makes :meth:`PoEntry.is_modified` true.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from backoffice.catalogs.plurals import (
    PluralRule,
    default_plural_rule,
    is_template_plural_forms,
    parse_plural_forms,
)
from backoffice.catalogs.po.style import PoStyle

__all__ = [
    "FIELDS",
    "LIST_FIELDS",
    "MESSAGE_FIELDS",
    "STRING_FIELDS",
    "PoEntry",
    "PoFile",
    "PoParseError",
    "Problem",
    "ProblemLog",
    "compiled",
    "fields_reader",
    "header_fields",
]


class Problem(NamedTuple):
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# A file with a problem on every line gets the first ones listed, the others counted: a
# list as long as the file would cost more memory than the file.
MAX_PROBLEMS = 200


class ProblemLog(list[Problem]):
    """The problems of one file; past :data:`MAX_PROBLEMS` they are only counted."""

    def __init__(self) -> None:
        super().__init__()
        self.unlisted = 0

    def append(self, problem: Problem) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.unlisted += 1


class PoParseError(ValueError):
    """Every problem found in a catalog, each with its 1-based line number."""

    def __init__(self, problems: list[Problem], filename: str | None = None) -> None:
        self.problems = sorted(problems)
        self.unlisted = getattr(problems, "unlisted", 0)
        self.filename = filename
        where = f"{filename}: " if filename else ""
        more = [f"{where}... and {self.unlisted} more problems"] if self.unlisted else []
        super().__init__("\n".join([*(f"{where}{p}" for p in self.problems), *more]))


State = tuple[Any, ...]


@dataclass(slots=True, eq=False)
class PoEntry:
    """One message. ``msgstr_plural`` holds msgstr[0..] of plural messages; ``msgstr`` the rest.

    The fields up to ``obsolete`` say what the entry is (see :data:`FIELDS`); ``raw`` is its
    original text including the blank lines before it, ``line`` the 1-based line of its
    ``msgid`` keyword (0 for entries that never came from a file).
    """

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    raw: str | None = None
    line: int = 0
    # The state ``raw`` describes; None when the entry has no raw text.
    original: State | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.raw is not None and self.original is None:
            self.original = self.state()

    def state(self) -> State:
        """The values of :data:`FIELDS`, lists frozen into tuples: what ``raw`` is compared to."""
        return _state(self)

    def is_modified(self) -> bool:
        """True when the fields differ from what ``raw`` says (always true without raw)."""
        return self.original is None or self.original != self.state()

    def mark_saved(self) -> None:
        """Forget ``raw``: the entry will be rendered from its fields from now on."""
        self.raw = None
        self.original = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def translations(self) -> list[str]:
        """The msgstr forms: ``[msgstr]`` or msgstr[0..]."""
        return list(self.msgstr_plural) if self.msgid_plural is not None else [self.msgstr]

    @property
    def is_translated(self) -> bool:
        """Every form is filled and the entry is not fuzzy."""
        forms = self.translations
        return bool(forms) and all(forms) and not self.fuzzy

    def to_record(self) -> dict[str, Any]:
        """Plain data for storage; rebuild with ``records.entry_from_record``."""
        record = _record(self)
        record["raw"] = self.raw
        record["line"] = self.line
        return record

    def copy(self, **changes: Any) -> PoEntry:
        """A copy that shares no list with this entry (and keeps its original text)."""
        lists = {name: list(getattr(self, name)) for name in LIST_FIELDS}
        return dataclasses.replace(self, **{**lists, **changes})


# The fields that say what an entry is, declared once by the dataclass above: states,
# records, copies and the reader's drafts all follow this list and its order.
FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(PoEntry) if f.name not in ("raw", "line", "original")
)
LIST_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(PoEntry) if f.name in FIELDS and f.default_factory is list
)
STRING_FIELDS: tuple[str, ...] = tuple(
    name for name in FIELDS if name not in LIST_FIELDS and name != "obsolete"
)
# The fields a database row keeps under the same names: all but the translation, which
# a row keeps as one list of forms.
MESSAGE_FIELDS: tuple[str, ...] = tuple(n for n in FIELDS if n not in ("msgstr", "msgstr_plural"))


# Functions over the field list are written out from it once, as dataclasses write
# ``__init__``: a state is taken for every entry read and compared for every entry written,
# a record made for every row stored, and a tuple or dict display is several times faster
# than a loop over the names.


def compiled(source: str, **namespace: Any) -> Any:
    """The function ``source`` defines, written from this package's own field names only."""
    return eval(source, namespace)  # noqa: S307 - no text from outside ever reaches it


def fields_reader(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """A function reading the fields ``names`` off an entry (or a row with the same
    attributes) into a dict; list fields are copied, a missing list read as empty."""
    assert all(n in FIELDS for n in names)
    items = ", ".join(f"{n!r}: list(o.{n} or ())" if n in LIST_FIELDS else f"{n!r}: o.{n}"
                      for n in names)  # fmt: skip
    reader: Callable[[Any], dict[str, Any]] = compiled(f"lambda o: {{{items}}}")
    return reader


_state: Callable[[PoEntry], State] = compiled(
    "lambda e: (" + ", ".join(f"tuple(e.{n})" if n in LIST_FIELDS else f"e.{n}"
                              for n in FIELDS) + ",)"
)
_record = fields_reader(FIELDS)


def header_fields(msgstr: str) -> list[tuple[str, str]]:
    """The ``Name: value`` lines of a header's msgstr, in order."""
    fields = []
    for line in msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


@dataclass(slots=True, eq=False)
class PoFile:
    """A catalog. ``header`` is the ``msgid ""`` entry, emitted before ``entries[header_position]``.

    ``trailing`` is the text after the last entry (blank lines, comments at end of file).
    """

    entries: list[PoEntry] = field(default_factory=list)
    header: PoEntry | None = None
    header_position: int = 0
    trailing: str = ""
    newline: str = "\n"
    wrap_width: int | None = None
    charset: str = "utf-8"
    bom: bool = False
    wrap_widths: dict[str, int | None] = field(default_factory=dict)  # see PoStyle
    # What the reader accepted but a person should know (not stored with the file).
    warnings: list[Problem] = field(default_factory=list)

    @classmethod
    def new(cls, language: str, *, project: str = "backoffice", revision_date: str = "") -> PoFile:
        """An empty catalog for ``language`` with the CLDR plural rule Babel knows for it."""
        po = cls()
        rule = default_plural_rule(language)
        for name, value in (
            ("Project-Id-Version", project),
            ("Report-Msgid-Bugs-To", ""),
            ("PO-Revision-Date", revision_date),
            ("Last-Translator", ""),
            ("Language-Team", language),
            ("Language", language),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", rule.header),
        ):
            po.set_header_value(name, value)
        return po

    @property
    def style(self) -> PoStyle:
        return PoStyle(self.newline, self.wrap_width, tuple(sorted(self.wrap_widths.items())))

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The header fields in order, as (name, value) pairs."""
        return header_fields(self.header.msgstr) if self.header else []

    def header_value(self, name: str) -> str | None:
        """The value of header field ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    def set_header_value(self, name: str, value: str) -> None:
        """Replace (or append) a header field; creates the header entry if needed."""
        if self.header is None:
            self.header = PoEntry(msgid="")
        fields = self.headers
        for i, (key, _) in enumerate(fields):
            if key.lower() == name.lower():
                fields[i] = (key, value)
                break
        else:
            fields.append((name, value))
        self.header.msgstr = "".join(f"{k}: {v}\n" for k, v in fields)

    @property
    def plural_forms(self) -> str | None:
        """The Plural-Forms header; None when absent, empty (as Odoo writes it) or a
        template's placeholder: then the locale's CLDR rule applies."""
        value = self.header_value("Plural-Forms")
        if value is None or not value.strip() or is_template_plural_forms(value):
            return None
        return value

    def plural_rule(self) -> PluralRule | None:
        """The file's own plural rule, or None when it has none; PluralFormsError if bad."""
        value = self.plural_forms
        return parse_plural_forms(value) if value is not None else None

    @property
    def nplurals(self) -> int | None:
        rule = self.plural_rule()
        return rule.nplurals if rule else None

    def active(self) -> list[PoEntry]:
        return [e for e in self.entries if not e.obsolete]

    def find(self, msgid: str, msgctxt: str | None = None) -> PoEntry | None:
        """The active entry with this key."""
        for entry in self.entries:
            if not entry.obsolete and entry.msgid == msgid and entry.msgctxt == msgctxt:
                return entry
        return None

    def file_record(self) -> dict[str, Any]:
        """File-level data to store next to the entries (see ``records.file_from_records``)."""
        return {
            "header": self.header.to_record() if self.header else None,
            "header_position": self.header_position,
            "trailing": self.trailing,
            "newline": self.newline,
            "wrap_width": self.wrap_width,
            "charset": self.charset,
            "bom": self.bom,
            "wrap_widths": dict(self.wrap_widths),
        }
