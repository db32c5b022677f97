"""The line machine of the ``.po`` reader: one small method per kind of line.

Each keyword, each kind of comment, obsolete ``#~`` and previous ``#|`` lines and quoted
continuations have their method, in the shape of translate-toolkit's
``storage/poparser.py``; an entry's exact text (``raw``) is sliced from the file by the
offsets of its lines. ``reader`` drives it over a whole file.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator

from backoffice.catalogs.plurals import MAX_NPLURALS
from backoffice.catalogs.po.draft import Draft
from backoffice.catalogs.po.escapes import bad_escapes
from backoffice.catalogs.po.model import PoEntry, Problem
from backoffice.catalogs.po.style import WrapEvidence

__all__ = ["KEYWORD_RE", "LineReader", "lines_of"]

STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*$')
KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)\s*")


def _flag_list(text: str) -> list[str]:
    return [f for f in (part.strip() for part in text.split(",")) if f]


def _comment_text(line: str, start: int) -> str:
    return line[start + 1 :] if line[start : start + 1] == " " else line[start:]


_BLOCK = 1 << 20  # characters split into lines at a time
_FORGET_LINES = 4096  # line offsets dropped at a time, once no entry needs them


def lines_of(text: str) -> Iterator[str]:
    """``text.split("\\n")``, a block at a time: the lines of a whole file never all exist
    at once (as strings they weigh about twice the file)."""
    start = 0
    while True:
        end = text.find("\n", start + _BLOCK)
        if end == -1:
            yield from text[start:].split("\n")
            return
        yield from text[start:end].split("\n")
        start = end + 1


class LineReader:
    """Entries from ``text``, one at a time (:meth:`stream`) or all (:meth:`read`).

    Lines are ``text`` split on "\\n" (the last one has no newline); an entry's ``raw`` is
    sliced from ``text`` by the offsets of its lines. After reading, ``block_start`` is the
    first line after the last entry and ``wrapping`` says how the file wraps its strings.
    """

    def __init__(self, text: str, problems: list[Problem]) -> None:
        self.text = text
        # Where each line from ``base`` on starts in ``text``, and the line after it: the
        # lines before ``block_start`` are forgotten as entries are finished (at 100,000
        # messages the whole file's would weigh a sixth of it).
        self.offsets = array("q", [0])
        self.base = 0
        self.problems = problems
        self.entries: list[PoEntry] = []  # finished, not yet handed out
        self.block_start = 0  # first line not yet given to an entry
        self.string_end = 0  # one past the last string line of the current draft
        self.draft: Draft | None = None
        self.target: list[str] | None = None  # receives continuation strings
        self.target_keyword = ""  # the keyword of ``target``, for the wrapping evidence
        self.wrapping = WrapEvidence()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    # --- the loop -----------------------------------------------------------------------

    def read(self) -> list[PoEntry]:
        return list(self.stream())

    def stream(self) -> Iterator[PoEntry]:
        prev_open = False  # previous line was a continuation string not ending with "\n"
        prev_open_len = 0
        string, keyword, comment = self.string, self.keyword, self.comment
        wrapping = self.wrapping
        offsets, entries = self.offsets, self.entries
        offset = 0
        for number, line in enumerate(lines_of(self.text), 1):
            offset += len(line) + 1
            offsets.append(offset)
            if entries:
                yield from entries
                entries.clear()
            if line[-1:] == "\r":
                line = line.rstrip("\r")  # "\r\n" line ends, and "\r\r\n" as gettext reads them
            if not line:
                prev_open = False
                continue
            c = line[0]
            if c == '"':
                if prev_open:
                    wrapping.saw_break(self.target_keyword, prev_open_len)
                prev_open = not line.endswith('\\n"')
                prev_open_len = len(line)
                if prev_open_len > 79:
                    wrapping.saw_line(self.target_keyword, line)
                string(line, number)
                continue
            prev_open = False
            if c == "m":
                keyword(line, number, obsolete=False, previous=False)
            elif c == "#":
                comment(line, number)
            elif not line.isspace():
                word = line.split(None, 1)[0]
                self.problem(number, f"unknown keyword {word[:40]!r}")
                self.target = None
        self.end_of_file()
        yield from entries
        entries.clear()

    def text_from(self, line: int, end: int | None = None) -> str:
        """The text of lines ``line`` to ``end`` (excluded; without ``end``, to the end of
        the file), each line with its newline but the file's last."""
        base = self.base
        start = self.offsets[line - base]
        return self.text[start:] if end is None else self.text[start:self.offsets[end - base]]

    def end_of_file(self) -> None:
        d = self.draft
        if d is None:
            return
        if d.done:
            self.finish()
        elif d.msgid is not None:
            self.problem(d.line, "this message has no msgstr (is the file cut short?)")
        elif d.msgctxt is not None:
            self.problem(self.string_end, "msgctxt without a msgid (is the file cut short?)")
        # A draft of comments only is text at the end of the file: it stays in ``trailing``.

    # --- strings ------------------------------------------------------------------------

    def quoted(self, rest: str, number: int, what: str) -> str | None:
        """The inside of the quoted string ``rest``, or None (with a problem) if it is not one."""
        m = STRING_RE.match(rest)
        if m is None:
            if not rest.strip():
                self.problem(number, f"{what} has no string after it")
            elif not rest.startswith('"'):
                self.problem(number, f"expected a string in double quotes after {what}")
            elif STRING_RE.match(rest + '"') is not None or rest.rstrip().endswith('\\"'):
                self.problem(number, "string is not closed with a double quote")
            else:
                self.problem(number, "unexpected text after the closing double quote "
                             "(inner quotes must be written \\\")")  # fmt: skip
            return None
        value = m.group(1)
        if "\\" in value:
            for problem in bad_escapes(value):
                self.problem(number, problem)
        return value

    def string(self, text: str, number: int) -> None:
        """A continuation line: one more piece of the string the last keyword started."""
        if self.target is None:
            self.problem(number, "a string in double quotes without a keyword before it")
            return
        m = STRING_RE.match(text)
        if m is not None and "\\" not in m.group(1):
            self.target.append(m.group(1))  # the common case, without escapes
        else:
            value = self.quoted(text, number, "the line")
            if value is None:
                return
            self.target.append(value)
        self.string_end = number

    # --- keywords -----------------------------------------------------------------------

    def keyword(self, rest: str, number: int, *, obsolete: bool, previous: bool) -> None:
        m = KEYWORD_RE.match(rest)
        if m is None:
            word = rest.split(None, 1)[0] if rest.strip() else rest
            self.problem(number, f"unknown keyword {word!r}")
            self.target = None
            return
        kw, index = m.group(1), m.group(2)
        value = self.quoted(rest[m.end() :], number, kw)
        parts = [value] if value is not None else []
        if not (obsolete or previous):
            self.target_keyword = kw
            if len(rest) > 79 and value:
                self.wrapping.saw_line(kw, rest)
        if previous:
            self.previous(kw, parts, number)
        elif kw == "msgctxt":
            self.msgctxt(parts, number, obsolete)
        elif kw == "msgid":
            self.msgid(parts, number, obsolete)
        elif kw == "msgid_plural":
            self.msgid_plural(parts, number, obsolete)
        elif index is None:
            self.msgstr(parts, number, obsolete)
        else:
            self.msgstr_n(index, parts, number, obsolete)
        if self.target is not None and not previous:  # the keyword was taken
            d = self.draft
            assert d is not None
            if obsolete:
                d.obsolete = True
            else:
                d.active = True
        self.string_end = number

    def previous(self, kw: str, parts: list[str], number: int) -> None:
        """``#| msgctxt``, ``#| msgid``, ``#| msgid_plural``: what the source used to be."""
        d = self.draft
        if d is None or d.done:
            if d is not None:
                self.finish()
            d = self.draft = Draft()
        if kw == "msgctxt":
            d.previous_msgctxt = self.target = parts
        elif kw == "msgid":
            d.previous_msgid = self.target = parts
        elif kw == "msgid_plural":
            d.previous_msgid_plural = self.target = parts
        else:
            self.problem(number, f"{kw} cannot be a previous (#|) value")
            self.target = None

    def _start(self) -> Draft:
        """The draft a msgctxt or msgid belongs to: a new one after a complete entry."""
        d = self.draft
        if d is not None and (d.done or d.msgid is not None):
            if not d.done:
                self.problem(d.line, "this message has no msgstr")
                d.done = True
            self.finish()
            d = None
        if d is None:
            d = self.draft = Draft()
        return d

    def msgctxt(self, parts: list[str], number: int, obsolete: bool) -> None:
        d = self._start()
        if d.msgctxt is not None:
            self.problem(number, "a second msgctxt for the same message")
        d.msgctxt = self.target = parts

    def msgid(self, parts: list[str], number: int, obsolete: bool) -> None:
        d = self._start()
        d.msgid = self.target = parts
        d.line = number

    def _after_msgid(self, kw: str, number: int, *, done_ok: bool = True) -> Draft | None:
        """The draft for a keyword that needs a msgid before it, or None (with a problem)."""
        d = self.draft
        if d is None or d.msgid is None or (d.done and not done_ok):
            self.problem(number, f"{kw} without a msgid before it")
            self.target = None
            return None
        return d

    def msgid_plural(self, parts: list[str], number: int, obsolete: bool) -> None:
        d = self._after_msgid("msgid_plural", number, done_ok=False)
        if d is None:
            return
        if d.msgid_plural is not None:
            self.problem(number, "a second msgid_plural for the same message")
        d.msgid_plural = self.target = parts

    def msgstr(self, parts: list[str], number: int, obsolete: bool) -> None:
        d = self._after_msgid("msgstr", number)
        if d is None:
            return
        if d.msgid_plural is not None:
            self.problem(number, "this message has a msgid_plural, so its translations must "
                         "be written msgstr[0], msgstr[1]...")  # fmt: skip
        elif d.msgstr is not None or d.msgstr_plural is not None:
            self.problem(number, "a second msgstr for the same message")
        d.msgstr = self.target = parts
        d.done = True

    def msgstr_n(self, index: str, parts: list[str], number: int, obsolete: bool) -> None:
        """``msgstr[N]``: one plural form."""
        d = self._after_msgid("msgstr", number)
        if d is None:
            return
        if d.msgid_plural is None:
            self.problem(number, f"msgstr[{index}] is only allowed after a msgid_plural")
        elif d.msgstr is not None:
            self.problem(number, "msgstr[N] after a plain msgstr")
        # Checked before anything is built: a form index sizes the list of forms.
        if len(index) > 2 or int(index) >= MAX_NPLURALS:
            self.problem(number, f"msgstr[{index[:20]}{'...' if len(index) > 20 else ''}]: "
                         f"a message has at most {MAX_NPLURALS} plural forms")  # fmt: skip
            self.target = None
            d.done = True  # a translation line, refused: not also "no msgstr"
            return
        if d.msgstr_plural is None:
            d.msgstr_plural = {}
        n = int(index)
        if n in d.msgstr_plural:
            self.problem(number, f"a second msgstr[{n}] for the same message")
        d.msgstr_plural[n] = self.target = parts
        d.done = True

    # --- comments -----------------------------------------------------------------------

    def comment(self, line: str, number: int) -> None:
        c1 = line[1:2]
        if c1 == "~":
            self.obsolete(line, number)
            return
        if c1 == "|":
            self.previous_line(line[2:].lstrip(), number, obsolete=False)
            return
        d = self.draft
        if d is None or d.done:
            d = self.comment_draft()
        else:
            self.target = None
        if c1 == ",":
            d.flags.extend(_flag_list(line[2:]))
        elif c1 == ".":
            d.extracted_comments.append(_comment_text(line, 2))
        elif c1 == ":":
            d.locations.extend(line[2:].split())
        else:
            d.translator_comments.append(_comment_text(line, 1))

    def comment_draft(self) -> Draft:
        """The draft a comment belongs to: comments come before the keywords they describe."""
        d = self.draft
        if d is not None and d.done:
            self.finish()
            d = None
        if d is None:
            d = self.draft = Draft()
        self.target = None
        return d

    def obsolete(self, line: str, number: int) -> None:
        """``#~``: a line of an obsolete entry, read like an active one."""
        rest = line[2:]
        if rest[:1] == "|":
            self.previous_line(rest[1:].lstrip(), number, obsolete=True)
            return
        body = rest.lstrip()
        if body[:1] == '"':
            self.string(body, number)
        elif body:
            self.keyword(body, number, obsolete=True, previous=False)
        else:
            self.comment_draft().translator_comments.append(_comment_text(line, 1))

    def previous_line(self, body: str, number: int, *, obsolete: bool) -> None:
        """``#|`` (or ``#~|``): a previous value, or the continuation of one."""
        if body[:1] == '"':
            self.string(body, number)
        else:
            self.keyword(body, number, obsolete=obsolete, previous=True)

    # --- a complete entry ---------------------------------------------------------------

    def finish(self) -> None:
        d = self.draft
        assert d is not None
        end = self.string_end
        raw = self.text_from(self.block_start, end)
        self.block_start = end
        if end - self.base >= _FORGET_LINES:
            del self.offsets[:end - self.base]
            self.base = end
        self.draft = None
        if d.msgid is None:
            self.problem(d.line or end, "comments or msgctxt without a msgid")
        else:
            self.entries.append(d.entry(raw, self.problem))
