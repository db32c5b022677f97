"""CSV for spreadsheets: every export writes through `csv_writer`, which keeps text as text.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
what it calls a cell is not always ours: Excel in French, German or Polish settings splits
lines on ``;``, some importers split on tabs or trim spaces, a quoted line break starts a
new row for a reader that ignores the quotes, and a full-width ``＝`` (or ``🄂``, which
normalises to ``1,``) becomes ASCII under Unicode compatibility normalisation (NFKC). So a
value is cut wherever any of those readers could cut it, and each piece that could begin a
formula, as written or normalised, after leading blanks, gets a ``'`` in front (the
spreadsheet convention for "this is text"). Nothing else changes: removing the added
quotes gives the value back.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# What starts a formula, and where a reader may start a cell: the ASCII separators and the
# characters whose compatibility form contains one (found by normalising every code point;
# tests/security/test_csv_injection.py checks the list is complete).
FORMULA_STARTS = frozenset("=+-@")
_SEPARATORS = ",;\t\r\n"
_NORMALISE_TO_SEPARATOR = (
    "\u037e\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b"  # Greek question mark, presentation forms
    "\U0001f101\U0001f102\U0001f103\U0001f104\U0001f105"  # digits with a comma
    "\U0001f106\U0001f107\U0001f108\U0001f109\U0001f10a"
)
_CUT = re.compile("([" + re.escape(_SEPARATORS + _NORMALISE_TO_SEPARATOR) + "])")
_CUT_NORMALISED = re.compile("[" + re.escape(_SEPARATORS) + "]")


def _blank(char: str) -> bool:
    # Spaces, controls and invisible format characters (zero-width space, BOM) are skipped
    # or trimmed by some reader before it looks at the first character.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def _starts_formula(piece: str) -> bool:
    for char in piece:
        if not _blank(char):
            return char in FORMULA_STARTS
    return False


def could_start_formula(piece: str) -> bool:
    """Whether a piece of a cell, between two separators, could begin a formula."""
    if _starts_formula(piece):
        return True
    normalised = unicodedata.normalize("NFKC", piece)
    return any(_starts_formula(part) for part in _CUT_NORMALISED.split(normalised))


def spreadsheet_text(value: object) -> str:
    """The cell for `value`, with a ``'`` before every piece that could begin a formula."""
    text = "" if value is None else str(value)
    pieces = _CUT.split(text)  # pieces at even positions, separators between them
    if not any(could_start_formula(piece) for piece in pieces[::2]):
        return text
    return "".join(
        "'" + piece if index % 2 == 0 and could_start_formula(piece) else piece
        for index, piece in enumerate(pieces)
    )


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `spreadsheet_text`."""

    def __init__(self, stream: Any, **format_parameters: Any) -> None:
        self._writer = csv.writer(stream, **format_parameters)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([spreadsheet_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **format_parameters: Any) -> SafeCsvWriter:
    """The writer every CSV export uses."""
    return SafeCsvWriter(stream, **format_parameters)
