"""Writing catalogs: :class:`~backoffice.catalogs.po.model.PoFile` back to text and bytes.

An entry whose fields still match what its ``raw`` text describes is written as that text,
untouched, so an unedited file round-trips byte for byte. In an edited entry only the
lines of the changed fields are rendered again, in the file's own style (line ending,
wrapping at 76/79 columns or none); entries without ``raw`` are rendered whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from backoffice.catalogs.po.charsets import BOM, encode
from backoffice.catalogs.po.escapes import escape
from backoffice.catalogs.po.model import FIELDS, PoEntry, PoFile, State
from backoffice.catalogs.po.reader import KEYWORD_RE
from backoffice.catalogs.po.style import PoStyle, text_width

__all__ = ["dumps", "join_entries", "render_entry", "serialize"]


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
    if text_width(text) <= avail:
        return [text]
    chunks: list[str] = []
    start = 0
    last_fit: int | None = None
    for pos in [*(m.end() for m in _BREAK_RE.finditer(text)), len(text)]:
        if pos <= start:
            continue
        if text_width(text[start:pos]) <= avail:
            last_fit = pos
            continue
        if last_fit is not None:
            chunks.append(text[start:last_fit])
            start, last_fit = last_fit, None
            if text_width(text[start:pos]) <= avail:
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
        if width is None or text_width(line) <= width:
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


# --- sections: the lines of an entry grouped by the field they write --------------------

# Sections in the order gettext writes them; msgstr[N] sort after "msgstr".
_ORDER = {
    "translator_comments": 0, "extracted_comments": 1, "locations": 2, "flags": 3,
    "previous": 4, "msgctxt": 5, "msgid": 6, "msgid_plural": 7, "msgstr": 8,
}  # fmt: skip
_PREVIOUS = ("previous_msgctxt", "previous_msgid", "previous_msgid_plural")
_OBSOLETE = FIELDS.index("obsolete")


def _rank(key: str) -> tuple[int, int]:
    if key.startswith("msgstr["):
        return (_ORDER["msgstr"], int(key[7:-1]))
    return (_ORDER[key], -1)


def _section_values(state: State) -> dict[str, Any]:
    """What each section of an entry in ``state`` says."""
    values = dict(zip(FIELDS, state, strict=True))
    sections = {name: values[name] for name in _ORDER if name in values}
    sections["previous"] = tuple(values[name] for name in _PREVIOUS)
    if values["msgid_plural"] is not None:
        del sections["msgstr"]
        for i, form in enumerate(values["msgstr_plural"]):
            sections[f"msgstr[{i}]"] = form
    return sections


def _fresh_sections(entry: PoEntry, style: PoStyle) -> dict[str, list[str]]:
    width = style.wrap_width
    prefix = "#~ " if entry.obsolete else ""
    out: dict[str, list[str]] = {}
    if entry.translator_comments:
        out["translator_comments"] = [f"# {c}" if c else "#" for c in entry.translator_comments]
    if entry.extracted_comments:
        out["extracted_comments"] = [f"#. {c}" if c else "#." for c in entry.extracted_comments]
    if entry.locations:
        out["locations"] = _location_lines(entry.locations, width)
    if entry.flags:
        out["flags"] = ["#, " + ", ".join(entry.flags)]
    previous: list[str] = []
    pprefix = "#~| " if entry.obsolete else "#| "
    for name in _PREVIOUS:
        value = getattr(entry, name)
        if value is not None:
            previous.extend(_string_lines(pprefix, name.removeprefix("previous_"), value, width))
    if previous:
        out["previous"] = previous
    strings: list[tuple[str, str]] = [("msgid", entry.msgid)]
    if entry.msgctxt is not None:
        strings.insert(0, ("msgctxt", entry.msgctxt))
    if entry.msgid_plural is None:
        strings.append(("msgstr", entry.msgstr))
    else:
        strings.append(("msgid_plural", entry.msgid_plural))
        forms = entry.msgstr_plural or ["", ""]
        strings += [(f"msgstr[{i}]", form) for i, form in enumerate(forms)]
    for keyword, value in strings:
        out[keyword] = _string_lines(prefix, keyword, value, style.width(keyword))
    return out


_COMMENT_SECTIONS = {"#.": "extracted_comments", "#:": "locations", "#,": "flags",
                     "#|": "previous"}  # fmt: skip


def _raw_sections(body_lines: list[str]) -> dict[str, list[str]] | None:
    """Group the original lines of an entry by the section they write; None if unusual."""
    sections: dict[str, list[str]] = {}
    key = ""
    for line in body_lines:
        text = line[:-1] if line.endswith("\r") else line
        stripped = text[2:].lstrip() if text.startswith("#~") else text
        if text.startswith("#~|"):
            new = "previous"
        elif stripped.startswith('"'):
            new = key
        elif stripped.startswith("msg"):
            m = KEYWORD_RE.match(stripped)
            if m is None:
                return None
            kw, index = m.group(1), m.group(2)
            new = kw if index is None else f"msgstr[{index}]"
        elif text.startswith("#"):
            new = _COMMENT_SECTIONS.get(text[:2], "translator_comments")
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


def _lead(raw: str) -> str:
    """The blank lines at the start of ``raw``."""
    m = _LEAD_RE.match(raw)
    return m.group() if m else ""


def _render_body(entry: PoEntry, style: PoStyle) -> tuple[str, str]:
    """The entry's leading blank lines and its text, reusing unchanged original lines."""
    fresh = _fresh_sections(entry, style)
    lead = ""
    raw, original = entry.raw, entry.original
    if raw is not None and original is not None:
        lead = _lead(raw)
        body = raw[len(lead) :]
        trailing_nl = body.endswith("\n")
        sections = _raw_sections(body.split("\n")[:-1] if trailing_nl else body.split("\n"))
        if sections is not None and original[_OBSOLETE] == entry.obsolete:
            old = _section_values(original)
            new = _section_values(entry.state())
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
        text = entry.raw[len(_lead(entry.raw)) :]
        return text if text.endswith("\n") else text + style.newline
    return _render_body(entry, style)[1]


def dumps(po: PoFile) -> str:
    """The catalog as text (with the BOM character if the file had one)."""
    return join_entries(po, po.entries)


def join_entries(po: PoFile, entries: Iterable[PoEntry | str]) -> str:
    """The file ``po`` describes (its header, style, trailing text) with ``entries`` as its
    entries; an entry given as a string is the raw text of an entry known unedited."""
    style = po.style
    nl = style.newline
    out: list[str] = [BOM] if po.bom else []
    started = False
    for item in _with_header(entries, po.header, po.header_position):
        if isinstance(item, str):
            text = item
        else:
            raw, original = item.raw, item.original
            if raw is not None and original is not None and original == item.state():
                text = raw
            else:
                lead, body = _render_body(item, style)
                if raw is None:
                    lead = nl if started else ""
                elif not raw.endswith("\n"):
                    body = body[: -len(nl)]  # the file had no final newline after this entry
                text = lead + body
        if started and not out[-1].endswith("\n"):
            out.append(nl)
        out.append(text)
        started = True
    if po.trailing:
        if started and not out[-1].endswith("\n"):
            out.append(nl)
        out.append(po.trailing)
    return "".join(out)


def _with_header(entries: Iterable[PoEntry | str], header: PoEntry | None,
                 at: int) -> Iterator[PoEntry | str]:
    """The entries with the header inserted before the ``at``-th (at the end if fewer)."""
    if header is None:
        yield from entries
        return
    placed = False
    for i, item in enumerate(entries):
        if i == at:
            yield header
            placed = True
        yield item
    if not placed:
        yield header


def serialize(po: PoFile) -> bytes:
    """The catalog as bytes in its declared charset; ``serialize(parse(b)) == b``."""
    return encode(po, dumps(po))
