"""CSV exports never hand a spreadsheet a formula: every cell a reader could cut is text.

Closes the class "CSV formula injection" (audit and marketing exports, and any export to
come: all write through `backoffice.core.csv_export.csv_writer`). A spreadsheet may cut a
line on ``,``, ``;`` (Excel in French, German, Polish settings), tabs and line breaks, trim
blanks, and read full-width or other compatibility characters as ASCII (NFKC); no piece
of an exported cell may begin a formula under any of those readings.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from backoffice.audit import operations as audit
from backoffice.core import csv_export
from backoffice.core.csv_export import FORMULA_STARTS, csv_writer, spreadsheet_text
from backoffice.marketing import operations as marketing
from tests.marketing.test_operations import plan_data
from tests.support.fixture_types import MakeCountry, SignedIn

SEPARATORS = ",;\t\r\n"
ALPHABET = st.sampled_from([
    "=", "+", "-", "@", ",", ";", "\t", "\r", "\n", " ", "\u3000", "\u00a0", "\u200b", "\ufeff",
    "'", '"', "x", "1", "A", "é", "\u0301", "\u0338", "＝", "＋", "－", "＠", "﹦", "⁼", "₊",
    "⩵", "，", "；", "\u037e", "\U0001f102", "\x01",
])
CELL = st.text(ALPHABET, max_size=12) | st.text(max_size=12)


def spreadsheet_pieces(cell: str) -> list[str]:
    """Every piece a spreadsheet could take for a cell: cut as written, and normalised, and
    cut where a character that normalises to a separator stands, the rest as written (a
    reader that maps only the separators: "\uff0c=\u0338" gives "=\u0338")."""
    pieces = re.split(f"[{re.escape(SEPARATORS)}]", cell)
    normalised = re.split(f"[{re.escape(SEPARATORS)}]", unicodedata.normalize("NFKC", cell))
    compatible = re.split(
        f"[{re.escape(SEPARATORS + csv_export._NORMALISE_TO_SEPARATOR)}]", cell)
    return (pieces + normalised + compatible
            + [unicodedata.normalize("NFKC", p) for p in pieces])


def starts_formula(piece: str) -> bool:
    visible = "".join(ch for ch in piece if not (
        ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")))
    return visible[:1] in FORMULA_STARTS


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("x;=1+1", "x;'=1+1"),
    ("x,=1+1", "x,'=1+1"),
    ("a\t+b", "a\t'+b"),
    ("\n=1+1", "\n'=1+1"),
    ("\r\n@SUM(A1)", "\r\n'@SUM(A1)"),
    ("＝1+1", "'＝1+1"),
    ("\uff0c=\u0338", "\uff0c'=\u0338"),  # a full-width comma, then "=" and a combining mark
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠x", "'＠x"),
    ("  =1", "'  =1"),
    ("\u200b=1", "'\u200b=1"),
    ("\U0001f102=1", "\U0001f102'=1"),  # DIGIT ONE COMMA normalises to "1,"
    ("a；=1", "a；'=1"),
    (-5, "'-5"),
    ("plain text", "plain text"),
    ("2026-01-01", "2026-01-01"),
    ('{"a": 1, "b": "=x"}', '{"a": 1, "b": "=x"}'),  # each piece starts with a quote or brace
    (None, ""),
])
def test_cells_that_could_begin_a_formula_become_text(
        value: str | int | None, expected: str) -> None:
    assert spreadsheet_text(value) == expected


@settings(max_examples=2000, deadline=None, derandomize=True, database=None)
@given(CELL)
def test_no_piece_of_any_cell_can_begin_a_formula(value: str) -> None:
    cell = spreadsheet_text(value)
    assert not any(starts_formula(piece) for piece in spreadsheet_pieces(cell)), repr(cell)
    # Nothing else changes: without the added quotes the value comes back, and a harmless
    # value is left as it is.
    assert cell.replace("'", "") == value.replace("'", "")
    if not any(starts_formula(piece) for piece in spreadsheet_pieces(value)):
        assert cell == value


def test_the_list_of_characters_that_normalise_to_a_separator_is_complete() -> None:
    found = {
        chr(code) for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF
        and (normal := unicodedata.normalize("NFKC", chr(code))) != chr(code)
        and set(normal) & set(SEPARATORS)
    }
    assert found == set(csv_export._NORMALISE_TO_SEPARATOR)


def test_the_writer_guards_every_cell() -> None:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["=1", "ok", "x;=1"])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1", "ok", "x;'=1"]


def test_the_audit_export_neutralises_split_and_wide_formulas(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    audit.record("country.updated", "country", "FR", after={"n": 1}, country_code="FR",
                 reason="ok;=HYPERLINK(\"http://evil\")\n＝1+1")
    db.flush()
    response = client.get("/audit/export.csv?country=FR")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["reason"] == "ok;'=HYPERLINK(\"http://evil\")\n'＝1+1"


def test_the_marketing_export_neutralises_split_and_wide_formulas(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    marketing.save_plan(make_country("FR", currency="EUR"), "2026-Q1",
                        plan_data(notes="TV;=1+1 ＠SUM(A1)"), expected_version=None)
    signed_in("viewer")
    text = client.get("/marketing/export.csv?country=FR").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row["notes"] for row in rows} == {"TV;'=1+1 ＠SUM(A1)"}
