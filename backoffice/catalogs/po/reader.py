"""Reading ``.po`` / ``.pot`` files: bytes to :class:`~backoffice.catalogs.po.model.PoFile`.

The reader goes through the file line by line with one small method per kind of line
(``line_reader.LineReader``, in the shape of translate-toolkit's ``storage/poparser.py``).
Unlike that parser it keeps every entry's exact text (``raw``), and it reports every
problem of a file with its line number instead of stopping at the first. A file is read
whole (:func:`parse`) or one entry at a time (:class:`Stream`).
"""

from __future__ import annotations

from collections.abc import Iterator

from backoffice.catalogs.po.charsets import decode
from backoffice.catalogs.po.line_reader import KEYWORD_RE, LineReader, lines_of
from backoffice.catalogs.po.model import PoEntry, PoFile, PoParseError, Problem, ProblemLog
from backoffice.catalogs.po.validation import Validator

__all__ = ["KEYWORD_RE", "Stream", "entry_from_raw", "loads", "parse"]


def parse(data: bytes | str, *, filename: str | None = None) -> PoFile:
    """Read a catalog; raises :class:`PoParseError` listing every problem found."""
    stream = Stream(data, filename=filename)
    entries = list(stream.entries())
    po = stream.finish()
    po.entries = entries
    return po


class Stream:
    """A catalog read one entry at a time, for a caller that does not keep them all.

    :meth:`entries` yields the entries other than the header (``header`` is set as soon as
    it is read); :meth:`finish`, once they are all read, gives the file around them (its
    ``entries`` left empty) or raises :class:`PoParseError` listing every problem found.
    """

    def __init__(self, data: bytes | str, *, filename: str | None = None) -> None:
        self.filename = filename
        self.problems = ProblemLog()
        text, charset, bom = decode(data, self.problems)
        self.po = PoFile(charset=charset, bom=bom)
        self.header: PoEntry | None = None
        self.text = text
        if "\x00" in text:  # before any entry: no row may be written with one
            for number, line in enumerate(lines_of(text), 1):
                if "\x00" in line:
                    self.problems.append(
                        Problem(number, "a NUL character cannot be stored in a catalog"))
        self.reader = LineReader(text, self.problems)
        self.validator = Validator(self.po, self.problems)

    def entries(self) -> Iterator[PoEntry]:
        validator = self.validator
        for position, entry in enumerate(self.reader.stream()):
            if (self.header is None and entry.msgid == "" and entry.msgctxt is None
                    and not entry.obsolete):
                self.header = self.po.header = entry
                self.po.header_position = position
                validator.header_read()
                continue
            validator.add(entry)
            yield entry

    def finish(self) -> PoFile:
        po, reader, text = self.po, self.reader, self.text
        po.trailing = reader.text_from(reader.block_start)
        first_end = text.find("\n")
        po.newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
        po.wrap_width = reader.wrapping.file_width()
        po.wrap_widths = reader.wrapping.keyword_widths()
        self.validator.done()
        if self.problems:
            raise PoParseError(self.problems, self.filename)
        return po


def loads(text: str) -> PoFile:
    return parse(text)


def entry_from_raw(raw: str) -> PoEntry:
    """The one entry ``raw`` holds."""
    problems = ProblemLog()
    entries = LineReader(raw, problems).read()
    if problems or len(entries) != 1:
        raise PoParseError(problems or [Problem(1, "expected exactly one message")])
    return entries[0]


