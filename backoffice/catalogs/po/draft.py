"""An entry being read, before the reader knows it is complete."""

from __future__ import annotations

from collections.abc import Callable

from backoffice.catalogs.po.escapes import unescape
from backoffice.catalogs.po.model import FIELDS, STRING_FIELDS, PoEntry, compiled

__all__ = ["Draft"]


class Draft:
    """An entry being read: one slot per entry field (strings as lists of their pieces)."""

    __slots__ = (*FIELDS, "active", "line", "done")

    def __init__(self) -> None:
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] | None = None
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] | None = None
        self.msgstr_plural: dict[int, list[str]] | None = None
        self.flags: list[str] = []
        self.translator_comments: list[str] = []
        self.extracted_comments: list[str] = []
        self.locations: list[str] = []
        self.previous_msgctxt: list[str] | None = None
        self.previous_msgid: list[str] | None = None
        self.previous_msgid_plural: list[str] | None = None
        self.obsolete = False
        self.active = False
        self.line = 0
        self.done = False  # a msgstr was read: a comment or msgid now starts a new entry

    def entry(self, raw: str, problem: Callable[[int, str], None]) -> PoEntry:
        """The complete entry (it has a msgid) whose text in the file is ``raw``."""
        forms: list[str] = []
        if self.msgstr_plural is not None:
            count = max(self.msgstr_plural) + 1
            if len(self.msgstr_plural) != count:
                problem(self.line, "the msgstr[N] lines must be numbered 0, 1, 2... without gaps")
            forms = [_join(self.msgstr_plural.get(i, [""])) for i in range(count)]
        if self.obsolete and self.active:
            problem(self.line, "this message mixes obsolete (#~) and normal lines")
        return _build(self, forms, raw)


def _join(parts: list[str]) -> str:
    text = parts[0] if len(parts) == 1 else "".join(parts)
    return unescape(text) if "\\" in text else text


def _builder() -> Callable[[Draft, list[str], str], PoEntry]:
    """``PoEntry(...)`` from a draft, written out from the field list (see model): strings
    joined from their pieces, lists taken as they are."""
    args = []
    for name in FIELDS:
        if name == "msgstr_plural":
            args.append("forms")
        elif name in STRING_FIELDS:
            missing = '""' if name in ("msgid", "msgstr") else "None"
            args.append(f"{missing} if d.{name} is None else j(d.{name})")
        else:
            args.append(f"d.{name}")
    build: Callable[[Draft, list[str], str], PoEntry] = compiled(
        f"lambda d, forms, raw: E({', '.join(args)}, raw, d.line)", E=PoEntry, j=_join)
    return build


_build = _builder()
