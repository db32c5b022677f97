"""An entry being read, before the reader knows it is complete."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from backoffice.catalogs.po.escapes import unescape
from backoffice.catalogs.po.model import FIELDS, STRING_FIELDS, PoEntry

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
        # Only the strings the entry has (most have two); the others keep their defaults.
        values: dict[str, Any] = {
            name: _join(parts)
            for name, parts in zip(STRING_FIELDS, _draft_strings(self), strict=True)
            if parts is not None
        }
        return PoEntry(
            **values, msgstr_plural=forms, flags=self.flags,
            translator_comments=self.translator_comments,
            extracted_comments=self.extracted_comments, locations=self.locations,
            obsolete=self.obsolete, raw=raw, line=self.line,
        )  # fmt: skip


_draft_strings = operator.attrgetter(*STRING_FIELDS)


def _join(parts: list[str]) -> str:
    text = parts[0] if len(parts) == 1 else "".join(parts)
    return unescape(text) if "\\" in text else text
