"""Faithful reader and writer of gettext ``.po`` / ``.pot`` catalogs.

Every entry keeps ``raw``, the exact text of its block in the file (the blank lines before
it, its comment lines and its keyword lines). Serializing an entry whose fields still match
what ``raw`` describes emits ``raw`` untouched, so an unedited file round-trips byte for byte
and an edit only changes the lines of the edited field. Entries without ``raw`` (new ones)
are rendered in the file's own style: line ending, and wrapping at 76/79 columns or none.

"Modified" is tracked by value: when an entry is parsed (or rebuilt with
:meth:`PoEntry.from_record`) it remembers the field values ``raw`` describes; any later
difference, however it was made, makes :meth:`PoEntry.is_modified` true.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from backoffice.catalogs.plurals import (
    PluralFormsError,
    PluralRule,
    default_plural_rule,
    is_template_plural_forms,
    parse_plural_forms,
)

__all__ = [
    "PoEntry",
    "PoFile",
    "PoParseError",
    "PoStyle",
    "Problem",
    "dumps",
    "escape",
    "loads",
    "parse",
    "render_entry",
    "serialize",
    "unescape",
]


class Problem(NamedTuple):
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class PoParseError(ValueError):
    """Every problem found in a catalog, each with its 1-based line number."""

    def __init__(self, problems: list[Problem], filename: str | None = None) -> None:
        self.problems = sorted(problems)
        self.filename = filename
        where = f"{filename}: " if filename else ""
        super().__init__("\n".join(f"{where}{p}" for p in self.problems))


# --- string escapes ---------------------------------------------------------------------

_UNESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b",
    "f": "\f", "v": "\v", "'": "'", "?": "?",
}  # fmt: skip
_ESCAPE_SEQ_RE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)", re.DOTALL)
_NEEDS_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
    "\b": "\\b", "\f": "\\f", "\v": "\\v",
}  # fmt: skip


def _unescape_one(m: re.Match[str]) -> str:
    seq = m.group(1)
    if seq in _UNESCAPES:
        return _UNESCAPES[seq]
    code = _escaped_code(seq)
    if code is not None:
        # Characters a catalog cannot hold are reported by the parser.
        return chr(code) if _storable(code) else "\ufffd"
    return seq  # unknown escapes are reported by the parser; keep the character


def _escaped_code(seq: str) -> int | None:
    if seq[0] == "x" and len(seq) > 1:
        return int(seq[1:], 16)
    if seq.isdigit():
        return int(seq, 8)
    return None


def _storable(code: int) -> bool:
    """Not NUL (no database text holds it), a lone surrogate, nor past Unicode's end."""
    return 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


def unescape(text: str) -> str:
    """Decode the C escapes of a quoted PO string (without its quotes)."""
    if "\\" not in text:
        return text
    return _ESCAPE_SEQ_RE.sub(_unescape_one, text)


def _bad_escapes(text: str) -> list[str]:
    bad = []
    for m in _ESCAPE_SEQ_RE.finditer(text):
        seq = m.group(1)
        if seq not in _UNESCAPES and seq[0] not in "x01234567" or seq == "x":
            bad.append(f"unknown escape sequence \\{seq}")
        elif seq not in _UNESCAPES and not _storable(_escaped_code(seq) or 0):
            bad.append(f"escape sequence \\{seq} is not a character a catalog can hold")
    return bad


def escape(text: str) -> str:
    """Encode ``text`` for the inside of a quoted PO string."""
    if _NEEDS_ESCAPE_RE.search(text) is None:
        return text
    return _NEEDS_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


# --- data model -------------------------------------------------------------------------

_State = tuple[Any, ...]


@dataclass(slots=True, eq=False)
class PoEntry:
    """One message. ``msgstr_plural`` holds msgstr[0..] of plural messages; ``msgstr`` the rest.

    ``raw`` is the entry's original text including the blank lines before it; ``line`` the
    1-based line of its ``msgid`` keyword (0 for entries that never came from a file).
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
    # Field values that ``raw`` describes; None when the entry has no raw text.
    _original: _State | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.raw is not None and self._original is None:
            self._original = self._state()

    def _state(self) -> _State:
        return (
            self.msgid, self.msgstr, self.msgid_plural, tuple(self.msgstr_plural),
            self.msgctxt, tuple(self.flags), tuple(self.translator_comments),
            tuple(self.extracted_comments), tuple(self.locations), self.previous_msgctxt,
            self.previous_msgid, self.previous_msgid_plural, self.obsolete,
        )  # fmt: skip

    def is_modified(self) -> bool:
        """True when the fields differ from what ``raw`` says (always true without raw)."""
        return self._original is None or self._original != self._state()

    def mark_saved(self) -> None:
        """Forget ``raw``: the entry will be rendered from its fields from now on."""
        self.raw = None
        self._original = None

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
        """Plain data for storage; rebuild with :meth:`from_record`."""
        return {
            "msgid": self.msgid, "msgstr": self.msgstr, "msgid_plural": self.msgid_plural,
            "msgstr_plural": list(self.msgstr_plural), "msgctxt": self.msgctxt,
            "flags": list(self.flags), "translator_comments": list(self.translator_comments),
            "extracted_comments": list(self.extracted_comments),
            "locations": list(self.locations), "previous_msgctxt": self.previous_msgctxt,
            "previous_msgid": self.previous_msgid,
            "previous_msgid_plural": self.previous_msgid_plural, "obsolete": self.obsolete,
            "raw": self.raw, "line": self.line,
        }  # fmt: skip

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> PoEntry:
        """Rebuild an entry from stored fields plus the original ``raw`` text.

        The raw text is re-read to learn which fields it describes, so stored fields that
        were edited after import are detected as modifications (and only those lines are
        re-rendered) even though ``raw`` still holds the imported text.
        """
        data = dict(record)
        raw = data.pop("raw", None)
        entry = cls(**data)
        if raw is not None:
            entry.raw = raw
            entry._original = _entry_from_raw(raw)._state()
        return entry


@dataclass(frozen=True, slots=True)
class PoStyle:
    """How a file writes new or edited entries."""

    newline: str = "\n"
    wrap_width: int | None = None  # None: only break after "\n", like --no-wrap

    @property
    def avail(self) -> int:
        return self.wrap_width or 0


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
        return PoStyle(self.newline, self.wrap_width)

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The header fields in order, as (name, value) pairs."""
        return _header_fields(self.header.msgstr) if self.header else []

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
        return self.header_value("Plural-Forms")

    def plural_rule(self) -> PluralRule | None:
        """The file's own plural rule, or None when it has none (templates)."""
        value = self.plural_forms
        if value is None or is_template_plural_forms(value):
            return None
        return parse_plural_forms(value)

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
        """File-level data to store next to the entries (see :meth:`from_records`)."""
        return {
            "header": self.header.to_record() if self.header else None,
            "header_position": self.header_position,
            "trailing": self.trailing,
            "newline": self.newline,
            "wrap_width": self.wrap_width,
            "charset": self.charset,
            "bom": self.bom,
        }

    @classmethod
    def from_records(cls, file_record: dict[str, Any], entries: list[dict[str, Any]]) -> PoFile:
        """Rebuild a file from :meth:`file_record` and entry records, without the old bytes."""
        data = dict(file_record)
        header = data.pop("header", None)
        return cls(
            entries=[PoEntry.from_record(r) for r in entries],
            header=PoEntry.from_record(header) if header else None,
            **data,
        )


# --- parsing ----------------------------------------------------------------------------

_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*$')
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)\s*")
_CHARSET_RE = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z0-9._:\-]+)")
_BOM = "\ufeff"


class _Draft:
    """An entry being read."""

    __slots__ = (
        "ctxt", "msgid", "plural", "msgstr", "forms", "flags", "tc", "ec", "loc",
        "pctxt", "pid", "pplural", "obsolete", "active", "line", "done",
    )  # fmt: skip

    def __init__(self) -> None:
        self.ctxt: list[str] | None = None
        self.msgid: list[str] | None = None
        self.plural: list[str] | None = None
        self.msgstr: list[str] | None = None
        self.forms: dict[int, list[str]] | None = None
        self.flags: list[str] = []
        self.tc: list[str] = []
        self.ec: list[str] = []
        self.loc: list[str] = []
        self.pctxt: list[str] | None = None
        self.pid: list[str] | None = None
        self.pplural: list[str] | None = None
        self.obsolete = False
        self.active = False
        self.line = 0
        self.done = False  # a msgstr was read: the next comment or msgid starts a new entry


def _join(parts: list[str] | None) -> str | None:
    if parts is None:
        return None
    return unescape(parts[0] if len(parts) == 1 else "".join(parts))


def _decode(data: bytes | str, problems: list[Problem]) -> tuple[str, str, bool]:
    if isinstance(data, str):
        bom = data.startswith(_BOM)
        return (data[1:] if bom else data), "utf-8", bom
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    m = _CHARSET_RE.search(data)
    charset = m.group(1).decode("ascii") if m else "utf-8"
    if charset.upper() == "CHARSET":  # template placeholder
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data[: m.start()].count(b"\n") + 1 if m else 1
        problems.append(
            Problem(line, f"the Content-Type header declares charset {charset!r}, "
                    "which is not a known character set")
        )  # fmt: skip
        charset = "utf-8"
    try:
        return data.decode(charset), charset, bom
    except UnicodeDecodeError:
        pass
    for number, chunk in enumerate(data.split(b"\n"), 1):
        try:
            chunk.decode(charset)
        except UnicodeDecodeError:
            problems.append(
                Problem(number, f"this line is not valid {charset} text, although the "
                        f"Content-Type header declares charset={charset}")
            )  # fmt: skip
    return data.decode(charset, "replace"), charset, bom


def _flag_list(text: str) -> list[str]:
    return [f for f in (part.strip() for part in text.split(",")) if f]


def _comment_text(line: str, start: int) -> str:
    return line[start + 1 :] if line[start : start + 1] == " " else line[start:]


def _parse_lines(lines: list[str], problems: list[Problem]) -> tuple[list[PoEntry], int, bool, int]:
    """Read entries from ``lines`` (the file split on "\\n"; the last item has no newline).

    Returns the entries, the index of the first line after the last entry, whether some
    continuation line was broken elsewhere than after a "\\n" (the file is wrapped), and
    the longest such wrapped line.
    """
    entries: list[PoEntry] = []
    last = len(lines) - 1
    block_start = 0  # first line not yet given to an entry
    string_end = 0  # one past the last string line of the current draft
    d: _Draft | None = None
    target: list[str] | None = None  # receives continuation strings
    wrapped = False
    wrap_len = 0
    prev_open = False  # previous line was a continuation string not ending with "\n"
    prev_open_len = 0

    def finish() -> None:
        nonlocal block_start, d
        assert d is not None
        end = string_end
        raw = "\n".join(lines[block_start:end])
        if end <= last:
            raw += "\n"
        block_start = end
        if d.msgid is None:
            problems.append(Problem(d.line or end, "comments or msgctxt without a msgid"))
        elif not d.done:
            problems.append(Problem(d.line, "this message has no msgstr (is the file cut short?)"))
        else:
            forms: list[str] = []
            if d.forms is not None:
                count = max(d.forms) + 1
                if len(d.forms) != count:
                    problems.append(
                        Problem(d.line, "the msgstr[N] lines must be numbered 0, 1, 2... "
                                "without gaps")
                    )  # fmt: skip
                forms = [_join(d.forms.get(i, [])) or "" for i in range(count)]
            if d.obsolete and d.active:
                problems.append(
                    Problem(d.line, "this message mixes obsolete (#~) and normal lines")
                )
            entries.append(
                PoEntry(
                    _join(d.msgid) or "",
                    _join(d.msgstr) or "",
                    _join(d.plural),
                    forms,
                    _join(d.ctxt),
                    d.flags,
                    d.tc,
                    d.ec,
                    d.loc,
                    _join(d.pctxt),
                    _join(d.pid),
                    _join(d.pplural),
                    d.obsolete,
                    raw,
                    d.line,
                )  # fmt: skip
            )
        d = None

    def read_string(rest: str, number: int, what: str) -> str | None:
        m = _STRING_RE.match(rest)
        if m is None:
            if not rest.strip():
                problems.append(Problem(number, f"{what} has no string after it"))
            elif not rest.startswith('"'):
                problems.append(Problem(number, f"expected a string in double quotes after {what}"))
            elif _STRING_RE.match(rest + '"') is not None or rest.rstrip().endswith('\\"'):
                problems.append(Problem(number, "string is not closed with a double quote"))
            else:
                problems.append(
                    Problem(number, "unexpected text after the closing double quote "
                            "(inner quotes must be written \\\")")
                )  # fmt: skip
            return None
        value = m.group(1)
        if "\\" in value:
            for problem in _bad_escapes(value):
                problems.append(Problem(number, problem))
        return value

    def keyword(rest: str, number: int, obsolete: bool, previous: bool) -> None:
        nonlocal d, target, string_end
        m = _KEYWORD_RE.match(rest)
        if m is None:
            word = rest.split(None, 1)[0] if rest.strip() else rest
            problems.append(Problem(number, f"unknown keyword {word!r}"))
            target = None
            return
        kw, index = m.group(1), m.group(2)
        value = read_string(rest[m.end() :], number, kw)
        parts = [value] if value is not None else []
        _keyword_draft(kw, index, parts, number, obsolete, previous)
        string_end = number

    def _keyword_draft(
        kw: str, index: str | None, parts: list[str], number: int, obsolete: bool, previous: bool
    ) -> None:
        nonlocal d, target
        if previous:
            if d is None or d.done:
                if d is not None:
                    finish()
                d = _Draft()
            if kw == "msgctxt":
                d.pctxt = target = parts
            elif kw == "msgid":
                d.pid = target = parts
            elif kw == "msgid_plural":
                d.pplural = target = parts
            else:
                problems.append(Problem(number, f"{kw} cannot be a previous (#|) value"))
                target = None
            return
        if kw == "msgctxt" or kw == "msgid":
            if d is not None and (d.done or d.msgid is not None):
                if not d.done:
                    problems.append(Problem(d.line, "this message has no msgstr"))
                    d.done = True
                finish()
            if d is None:
                d = _Draft()
            if kw == "msgctxt":
                if d.ctxt is not None:
                    problems.append(Problem(number, "a second msgctxt for the same message"))
                d.ctxt = target = parts
            else:
                d.msgid = target = parts
                d.line = number
        elif d is None or d.msgid is None or d.done and kw == "msgid_plural":
            problems.append(Problem(number, f"{kw} without a msgid before it"))
            target = None
            return
        elif kw == "msgid_plural":
            if d.plural is not None:
                problems.append(Problem(number, "a second msgid_plural for the same message"))
            d.plural = target = parts
        elif index is None:
            if d.plural is not None:
                problems.append(
                    Problem(number, "this message has a msgid_plural, so its translations "
                            "must be written msgstr[0], msgstr[1]...")
                )  # fmt: skip
            elif d.msgstr is not None or d.forms is not None:
                problems.append(Problem(number, "a second msgstr for the same message"))
            d.msgstr = target = parts
            d.done = True
        else:
            if d.plural is None:
                problems.append(
                    Problem(number, f"msgstr[{index}] is only allowed after a msgid_plural")
                )
            elif d.msgstr is not None:
                problems.append(Problem(number, "msgstr[N] after a plain msgstr"))
            if d.forms is None:
                d.forms = {}
            n = int(index)
            if n in d.forms:
                problems.append(Problem(number, f"a second msgstr[{n}] for the same message"))
            d.forms[n] = target = parts
            d.done = True
        if obsolete:
            d.obsolete = True
        else:
            d.active = True

    def continuation(text: str, number: int) -> None:
        nonlocal string_end
        if target is None:
            problems.append(
                Problem(number, "a string in double quotes without a keyword before it")
            )
            return
        value = read_string(text, number, "the line")
        if value is not None:
            target.append(value)
        string_end = number

    def comment_draft(number: int) -> _Draft:
        nonlocal d, target
        if d is not None and d.done:
            finish()
        if d is None:
            d = _Draft()
        target = None
        return d

    for i, line in enumerate(lines):
        number = i + 1
        if line[-1:] == "\r":
            line = line[:-1]
        if not line:
            prev_open = False
            continue
        c = line[0]
        if c == '"':
            if prev_open:
                wrapped = True
                wrap_len = max(wrap_len, prev_open_len)
            prev_open = not line.endswith('\\n"')
            prev_open_len = len(line)
            if target is None:
                problems.append(
                    Problem(number, "a string in double quotes without a keyword before it")
                )
                continue
            m = _STRING_RE.match(line)
            if m is not None and "\\" not in m.group(1):
                target.append(m.group(1))
                string_end = number
            else:
                continuation(line, number)
            continue
        prev_open = False
        if c == "m":
            keyword(line, number, False, False)
            continue
        if c == "#":
            c1 = line[1:2]
            if c1 == "~":
                rest = line[2:]
                if rest[:1] == "|":
                    body = rest[1:].lstrip()
                    if body[:1] == '"':
                        continuation(body, number)
                    else:
                        keyword(body, number, True, True)
                    continue
                body = rest.lstrip()
                if body[:1] == '"':
                    continuation(body, number)
                elif body:
                    keyword(body, number, True, False)
                else:
                    comment_draft(number).tc.append(_comment_text(line, 1))
                continue
            if c1 == "|":
                body = line[2:].lstrip()
                if body[:1] == '"':
                    continuation(body, number)
                else:
                    keyword(body, number, False, True)
                continue
            draft = comment_draft(number)
            if c1 == ",":
                draft.flags.extend(_flag_list(line[2:]))
            elif c1 == ".":
                draft.ec.append(_comment_text(line, 2))
            elif c1 == ":":
                draft.loc.extend(line[2:].split())
            else:
                draft.tc.append(_comment_text(line, 1))
            continue
        if line.isspace():
            continue
        word = line.split(None, 1)[0]
        problems.append(Problem(number, f"unknown keyword {word[:40]!r}"))
        target = None

    if d is not None:
        if d.done:
            finish()
        elif d.msgid is not None:
            problems.append(Problem(d.line, "this message has no msgstr (is the file cut short?)"))
        elif d.ctxt is not None:
            problems.append(Problem(string_end, "msgctxt without a msgid (is the file cut short?)"))
        # A draft of comments only is text at the end of the file: it stays in ``trailing``.
    return entries, block_start, wrapped, wrap_len


def _header_fields(msgstr: str) -> list[tuple[str, str]]:
    fields = []
    for line in msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


def _validate(po: PoFile, entries: list[PoEntry], problems: list[Problem]) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            where = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            problems.append(
                Problem(entry.line, f"duplicate message{where}: the same msgid is already "
                        f"defined on line {seen[key]}")
            )  # fmt: skip
        else:
            seen[key] = entry.line
    value = po.plural_forms
    if value is None or po.header is None or is_template_plural_forms(value):
        return
    try:
        rule = parse_plural_forms(value)
    except PluralFormsError as exc:
        raw = po.header.raw or ""
        offset = next((i for i, text in enumerate(raw.split("\n")) if "Plural-Forms" in text), None)
        first = po.header.line - _leading_lines(raw, "msgid") if raw else po.header.line
        line = first + offset if offset is not None else po.header.line
        problems.append(Problem(line, f"the Plural-Forms header is not valid: {exc}"))
        return
    for entry in entries:
        if len(entry.msgstr_plural) > rule.nplurals:
            problems.append(
                Problem(entry.line, f"{len(entry.msgstr_plural)} plural translations, but "
                        f"the Plural-Forms header allows only nplurals={rule.nplurals}")
            )  # fmt: skip


def _leading_lines(raw: str, keyword: str) -> int:
    """How many lines of ``raw`` come before its first line starting with ``keyword``."""
    for i, text in enumerate(raw.split("\n")):
        if text.lstrip("#~ ").startswith(keyword):
            return i
    return 0


def _detect_width(wrapped: bool, longest: int) -> int | None:
    if not wrapped:
        return None
    return 79 if longest > 76 else 76


def parse(data: bytes | str, *, filename: str | None = None) -> PoFile:
    """Read a catalog; raises :class:`PoParseError` listing every problem found."""
    problems: list[Problem] = []
    text, charset, bom = _decode(data, problems)
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if "\x00" in line:
            problems.append(Problem(number, "a NUL character cannot be stored in a catalog"))
    entries, end, wrapped, longest = _parse_lines(lines, problems)
    po = PoFile(
        charset=charset,
        bom=bom,
        trailing="\n".join(lines[end:]),
        newline="\r\n" if lines[0].endswith("\r") and len(lines) > 1 else "\n",
        wrap_width=_detect_width(wrapped, longest),
    )
    for i, entry in enumerate(entries):
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            po.header = entry
            po.header_position = i
            del entries[i]
            break
    po.entries = entries
    _validate(po, entries, problems)
    if problems:
        raise PoParseError(problems, filename)
    return po


def loads(text: str) -> PoFile:
    return parse(text)


def _entry_from_raw(raw: str) -> PoEntry:
    problems: list[Problem] = []
    entries, _, _, _ = _parse_lines(raw.split("\n"), problems)
    if problems or len(entries) != 1:
        raise PoParseError(problems or [Problem(1, "expected exactly one message")])
    return entries[0]


# --- writing ----------------------------------------------------------------------------


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def _text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal, the measure gettext wraps by."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


_WIDE = "\u2e80-\u303e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_NO_BREAK_BEFORE = (
    "\u3001\u3002\u3009\u300b\u300d\u300f\u3011\uff09\uff0c\uff0e\uff01\uff1f\uff1a"
    "\uff1b\u30fc\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u30a1\u30a3"
    "\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7"
)
_OPENERS = "\u3008\u300a\u300c\u300e\u3010\uff08"
# Where a line may end, after the Unicode line-breaking rules gettext follows, simplified:
# after spaces; after a hyphen between letters (not Hebrew ones); after a slash before
# anything but a digit; after ".,;:" before a letter or a tag; around wide (CJK) characters.
_BREAK_RE = re.compile(
    rf" +(?! )|(?<=[\w-])(?<![\u0590-\u05ff])-(?=[^\W\d_])|/(?=[^\d\s/\\\"])"
    rf"|[.,;:](?=[^\W\d_]|<)"
    rf"|(?<=[{_WIDE}])(?<![{_OPENERS}])(?=[^ {_NO_BREAK_BEFORE}])"
    rf"|(?<=[^ {_OPENERS}])(?=[{_WIDE}])(?![{_NO_BREAK_BEFORE}])"
)


def _wrap(text: str, avail: int) -> list[str]:
    """Greedy split of an escaped string at break opportunities to fit ``avail`` columns."""
    if _text_width(text) <= avail:
        return [text]
    chunks: list[str] = []
    start = 0
    last_fit: int | None = None
    for pos in [*(m.end() for m in _BREAK_RE.finditer(text)), len(text)]:
        if pos <= start:
            continue
        if _text_width(text[start:pos]) <= avail:
            last_fit = pos
            continue
        if last_fit is not None:
            chunks.append(text[start:last_fit])
            start, last_fit = last_fit, None
            if _text_width(text[start:pos]) <= avail:
                last_fit = pos
                continue
        # A run without break opportunity wider than the line stays whole, as in gettext.
        chunks.append(text[start:pos])
        start = pos
    if start < len(text):
        chunks.append(text[start:])
    return chunks


def _string_lines(prefix: str, keyword: str, value: str, width: int | None) -> list[str]:
    """Lines of ``keyword "value"``: one line when it fits, else ``keyword ""`` + pieces."""
    multiline = "\n" in value[:-1]
    if not multiline:
        line = f'{prefix}{keyword} "{escape(value)}"'
        if width is None or _text_width(line) <= width:
            return [line]
    lines = [f'{prefix}{keyword} ""']
    pieces = value.split("\n")
    avail = (width or 0) - len(prefix) - 2
    for i, piece in enumerate(pieces):
        if i < len(pieces) - 1:
            piece += "\n"
        elif not piece:
            break
        esc = escape(piece)
        if width is None:
            lines.append(f'{prefix}"{esc}"')
        else:
            lines.extend(f'{prefix}"{chunk}"' for chunk in _wrap(esc, avail))
    return lines


def _location_lines(locations: list[str], width: int | None) -> list[str]:
    if width is None:
        return ["#: " + " ".join(locations)]
    lines: list[str] = []
    current = "#:"
    for token in locations:
        if current != "#:" and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = "#:"
        current += " " + token
    lines.append(current)
    return lines


# Section keys in the order gettext writes them; msgstr[N] sort after "msgstr".
_ORDER = {"tc": 0, "ec": 1, "loc": 2, "flags": 3, "prev": 4, "ctxt": 5, "id": 6, "plural": 7}


def _rank(key: str) -> tuple[int, int]:
    if key.startswith("str"):
        return (8, int(key[4:-1]) if key != "str" else -1)
    return (_ORDER[key], 0)


def _section_values(state: _State) -> dict[str, Any]:
    (msgid, msgstr, plural, forms, ctxt, flags, tc, ec, loc, pctxt, pid, pplural, _) = state
    values: dict[str, Any] = {
        "tc": tc, "ec": ec, "loc": loc, "flags": flags, "prev": (pctxt, pid, pplural),
        "ctxt": ctxt, "id": msgid, "plural": plural,
    }  # fmt: skip
    if plural is None:
        values["str"] = msgstr
    else:
        for i, form in enumerate(forms):
            values[f"str[{i}]"] = form
    return values


def _fresh_sections(entry: PoEntry, style: PoStyle) -> dict[str, list[str]]:
    width = style.wrap_width
    prefix = "#~ " if entry.obsolete else ""
    out: dict[str, list[str]] = {}
    if entry.translator_comments:
        out["tc"] = [f"# {c}" if c else "#" for c in entry.translator_comments]
    if entry.extracted_comments:
        out["ec"] = [f"#. {c}" if c else "#." for c in entry.extracted_comments]
    if entry.locations:
        out["loc"] = _location_lines(entry.locations, width)
    if entry.flags:
        out["flags"] = ["#, " + ", ".join(entry.flags)]
    prev: list[str] = []
    pprefix = "#~| " if entry.obsolete else "#| "
    for kw, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            prev.extend(_string_lines(pprefix, kw, value, width))
    if prev:
        out["prev"] = prev
    if entry.msgctxt is not None:
        out["ctxt"] = _string_lines(prefix, "msgctxt", entry.msgctxt, width)
    out["id"] = _string_lines(prefix, "msgid", entry.msgid, width)
    if entry.msgid_plural is None:
        out["str"] = _string_lines(prefix, "msgstr", entry.msgstr, width)
    else:
        out["plural"] = _string_lines(prefix, "msgid_plural", entry.msgid_plural, width)
        for i, form in enumerate(entry.msgstr_plural or ["", ""]):
            out[f"str[{i}]"] = _string_lines(prefix, f"msgstr[{i}]", form, width)
    return out


_LINE_KEYS = {"#.": "ec", "#:": "loc", "#,": "flags", "#|": "prev"}


def _raw_sections(body_lines: list[str]) -> dict[str, list[str]] | None:
    """Group the original lines of an entry by the field they write; None if unusual."""
    sections: dict[str, list[str]] = {}
    key = ""
    for line in body_lines:
        text = line[:-1] if line.endswith("\r") else line
        stripped = text[2:].lstrip() if text.startswith("#~") else text
        if text.startswith("#~|"):
            new = "prev"
        elif stripped.startswith('"'):
            new = key
        elif stripped.startswith("msg"):
            m = _KEYWORD_RE.match(stripped)
            if m is None:
                return None
            kw, index = m.group(1), m.group(2)
            new = {"msgctxt": "ctxt", "msgid": "id", "msgid_plural": "plural"}.get(kw, "str")
            if index is not None:
                new = f"str[{index}]"
        elif text.startswith("#"):
            new = _LINE_KEYS.get(text[:2], "tc")
        else:
            return None
        if not new:
            return None
        if new != key and new in sections:
            return None  # a field split in two places: render the entry from scratch
        sections.setdefault(new, []).append(line)
        key = new
    return sections


_LEAD_RE = re.compile(r"(?:[ \t]*\r?\n)*")


def _render_body(entry: PoEntry, style: PoStyle) -> tuple[str, str]:
    """The entry's leading blank lines and its text, reusing unchanged original lines."""
    fresh = _fresh_sections(entry, style)
    lead = ""
    raw = entry.raw
    if raw is not None and entry._original is not None:
        lead = _LEAD_RE.match(raw).group()  # type: ignore[union-attr]
        body = raw[len(lead) :]
        trailing_nl = body.endswith("\n")
        sections = _raw_sections(body.split("\n")[:-1] if trailing_nl else body.split("\n"))
        if sections is not None and entry._original[12] == entry.obsolete:
            old = _section_values(entry._original)
            new = _section_values(entry._state())
            for key, lines in sections.items():
                if key in fresh and old.get(key) == new.get(key):
                    # The original lines carry their own "\r"; strip it to re-add uniformly.
                    fresh[key] = [x[:-1] if x.endswith("\r") else x for x in lines]
    ordered = sorted(fresh.items(), key=lambda item: _rank(item[0]))
    nl = style.newline
    text = nl.join(line for _, lines in ordered for line in lines) + nl
    return lead, text


def render_entry(entry: PoEntry, style: PoStyle | None = None) -> str:
    """The text of one entry alone (no leading blank lines), ending with a newline.

    Unchanged lines of a parsed entry are kept as they were; edited or new fields are
    written in ``style`` (default: "\\n" line ends, no wrapping).
    """
    style = style or PoStyle()
    if entry.raw is not None and not entry.is_modified():
        text = entry.raw[len(_LEAD_RE.match(entry.raw).group()) :]  # type: ignore[union-attr]
        return text if text.endswith("\n") else text + style.newline
    return _render_body(entry, style)[1]


def dumps(po: PoFile) -> str:
    """The catalog as text (with the BOM character if the file had one)."""
    style = po.style
    nl = style.newline
    out: list[str] = [_BOM] if po.bom else []
    items = list(po.entries)
    if po.header is not None:
        items.insert(min(po.header_position, len(items)), po.header)
    started = False
    for entry in items:
        raw = entry.raw
        if raw is not None and entry._original is not None and entry._original == entry._state():
            if started and not out[-1].endswith("\n"):
                out.append(nl)
            out.append(raw)
            started = True
            continue
        lead, body = _render_body(entry, style)
        if raw is None:
            lead = nl if started else ""
        elif not raw.endswith("\n"):
            body = body[: -len(nl)]  # the file had no final newline after this entry
        if started and not out[-1].endswith("\n"):
            out.append(nl)
        out.append(lead + body)
        started = True
    if po.trailing:
        if started and not out[-1].endswith("\n"):
            out.append(nl)
        out.append(po.trailing)
    return "".join(out)


def _output_charset(po: PoFile) -> str:
    content_type = po.header_value("Content-Type") or ""
    m = re.search(r"charset=([A-Za-z0-9._:\-]+)", content_type)
    charset = m.group(1) if m else po.charset
    if charset.upper() == "CHARSET":
        return "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        return po.charset
    return charset


def serialize(po: PoFile) -> bytes:
    """The catalog as bytes in its declared charset; ``serialize(parse(b)) == b``."""
    text = dumps(po)
    if po.bom:
        return codecs.BOM_UTF8 + text[1:].encode(_output_charset(po))
    return text.encode(_output_charset(po))
