"""Reading a catalog file someone gives: every problem reported with its line."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from flask_babel import gettext as _

from backoffice.catalogs.po import reader
from backoffice.catalogs.po.model import PoEntry, PoFile, PoParseError
from backoffice.core.errors import OperationError


class CatalogFileError(OperationError):
    """A file that cannot be imported; ``problems`` are (line, message) pairs."""

    def __init__(self, problems: Sequence[tuple[int, str]], filename: str | None = None,
                 unlisted: int = 0) -> None:
        self.problems = list(problems)
        where = f"{filename}: " if filename else ""
        lines = [_("line %(line)s: %(message)s", line=line, message=text)
                 for line, text in self.problems[:20]]
        more = len(self.problems) - 20 + unlisted
        if more > 0:
            lines.append(_("... and %(count)s more problems", count=more))
        super().__init__(
            _("%(where)sthe file was not imported, nothing changed.", where=where)
            + " " + "; ".join(lines),
            "file",
        )


def parse_file(data: bytes, filename: str | None = None) -> PoFile:
    """Parse and validate a catalog file; every problem is reported with its line."""
    file = FileStream(data, filename)
    entries = list(file.entries())
    po = file.finish()
    po.entries = entries
    return po


class FileStream:
    """A catalog file someone gives, read one entry at a time (``reader.Stream``): the
    entries, then :meth:`finish`, which raises :class:`CatalogFileError` with every
    problem of the file, once it is all read."""

    def __init__(self, data: bytes, filename: str | None = None) -> None:
        if not data.strip():
            raise CatalogFileError([(1, _("the file is empty"))], filename)
        self.filename = filename
        self.stream = reader.Stream(data, filename=filename)
        self.count = 0

    @property
    def po(self) -> PoFile:
        """The file around its entries, as far as it is read (its header once read)."""
        return self.stream.po

    def entries(self) -> Iterator[PoEntry]:
        for entry in self.stream.entries():
            self.count += 1
            yield entry

    def finish(self) -> PoFile:
        try:
            po = self.stream.finish()
        except PoParseError as error:
            raise CatalogFileError([(p.line, p.message) for p in error.problems],
                                   self.filename, error.unlisted) from None
        if not self.count and po.header is None:
            raise CatalogFileError([(1, _("the file holds no message"))], self.filename)
        return po


def whole_file(function: Callable[..., Any]) -> Callable[..., Any]:
    """Pause Python's cyclic garbage collector for a whole-file operation.

    Reading a file allocates hundreds of thousands of small objects that all stay alive
    until the rows are written; the collector would scan them over and over (a third of
    an import's time at 20,000 messages) to find no cycle. Reference counting still frees
    everything as usual; collection resumes when the operation ends.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper
