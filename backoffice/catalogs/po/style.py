"""How a file writes its entries: line ends and wrapping, learnt from the file itself."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["WRAP_KEYWORDS", "PoStyle", "WrapEvidence", "text_width"]

# Keywords whose strings a file may wrap its own way (msgstr[N] counts as msgstr).
WRAP_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")


@dataclass(frozen=True, slots=True)
class PoStyle:
    """How a file writes new or edited entries."""

    newline: str = "\n"
    wrap_width: int | None = None  # None: only break after "\n", like --no-wrap
    # Keywords the file wraps otherwise than ``wrap_width`` says, as (keyword, width) pairs.
    keyword_widths: tuple[tuple[str, int | None], ...] = ()

    @property
    def avail(self) -> int:
        return self.wrap_width or 0

    def width(self, keyword: str) -> int | None:
        """The wrap width of ``keyword``'s strings (msgstr[N] are msgstr)."""
        if keyword.startswith("msgstr["):
            keyword = "msgstr"
        for name, width in self.keyword_widths:
            if name == keyword:
                return width
        return self.wrap_width


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal, the measure gettext wraps by."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


class WrapEvidence:
    """What the lines of a file say about how it wraps strings, keyword by keyword.

    A string broken elsewhere than after a "\\n" says the file is wrapped (at 79 columns,
    or 76 for older tools); a line wider than any wrapping tool writes says its keyword is
    not. Most files wrap every keyword alike; some tools wrap the source and not the
    translations.
    """

    __slots__ = ("broken", "long")

    def __init__(self) -> None:
        self.broken: dict[str, int] = {}  # keyword -> longest line broken before its end
        self.long: set[str] = set()  # keywords with a line too wide for any wrapping

    def saw_break(self, keyword: str, length: int) -> None:
        if length > self.broken.get(keyword, 0):
            self.broken[keyword] = length

    def saw_line(self, keyword: str, line: str) -> None:
        """A line of ``keyword``'s strings: wider than 79 columns says "not wrapped"."""
        if keyword not in self.long and len(line) > 79 // 2 and text_width(line) > 79:
            self.long.add(keyword)

    def file_width(self) -> int | None:
        """The width of the file as a whole: wrapped if any string was broken."""
        if not self.broken:
            return None
        return 79 if max(self.broken.values()) > 76 else 76

    def keyword_widths(self) -> dict[str, int | None]:
        """Keywords a wrapped file leaves unwrapped: wide lines, and never a broken one."""
        if not self.broken:
            return {}
        return {k: None for k in WRAP_KEYWORDS if k in self.long and k not in self.broken}
