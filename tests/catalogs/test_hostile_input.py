"""Hostile catalogs and translations cost no more than their size: the parser allocates a
small multiple of its input and takes linear time, every check is linear, plural indexes
and Plural-Forms rules are bounded, and a translation has a length limit on every path
that stores one. Each refusal is a clear error that changes nothing, never a 500."""

from __future__ import annotations

import contextlib
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations
from backoffice.catalogs.checks import run_checks
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.plurals import PluralFormsError, parse_plural_forms
from backoffice.catalogs.po.model import MAX_PROBLEMS, PoParseError
from backoffice.catalogs.po.reader import parse
from backoffice.catalogs.storable import MAX_TRANSLATION_LENGTH
from tests.catalogs import workspace
from tests.catalogs.conftest import DATA
from tests.catalogs.workspace import SMALL_PL, import_text, message
from tests.support.fixture_types import MakeUser, SignedIn

T = TypeVar("T")

HOSTILE_INDEX = (DATA / "hostile_plural_index.po").read_bytes()
HOSTILE_RULE = (DATA / "hostile_plural_forms.po").read_bytes()


def _cost(function: Callable[[], object]) -> float:
    """Best CPU time of several runs, each repeated to last a few milliseconds."""
    runs = 1
    while True:
        started = time.process_time()
        for _ in range(runs):
            function()
        spent = time.process_time() - started
        if spent > 0.005 or runs >= 1024:
            break
        runs *= 2
    best = spent
    for _ in range(4):
        started = time.process_time()
        for _ in range(runs):
            function()
        best = min(best, time.process_time() - started)
    return best / runs


def _growth(make: Callable[[int], T], run: Callable[[T], object]) -> float:
    """How much the cost grows from a 10 KB input to a 100 KB one (10 when linear).

    The cyclic garbage collector is paused meanwhile: its passes cost what the whole test
    process holds, not what the code under test does.
    """
    small, large = make(10_000), make(100_000)
    enabled = gc.isenabled()
    gc.disable()
    try:
        small_cost = _cost(lambda: run(small))
        once = min(_timed(run, large), _timed(run, large))
        if once > 100 * small_cost:
            return once / small_cost  # clearly not linear: no need to measure it again
        return _cost(lambda: run(large)) / small_cost
    finally:
        if enabled:
            gc.enable()


def _timed(run: Callable[[T], object], data: T) -> float:
    started = time.process_time()
    run(data)
    return time.process_time() - started


# --- plural indexes -----------------------------------------------------------------------


def test_a_huge_plural_index_is_refused_with_its_line_before_anything_is_built() -> None:
    """124 bytes once asked for a list of 10^20 forms. In a child process with 1 GB of
    address space, so that the old behaviour fails at once instead of filling the machine."""
    program = (
        "import json, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from backoffice.catalogs.po.reader import parse\n"
        "from backoffice.catalogs.po.model import PoParseError\n"
        "try:\n    parse(sys.stdin.buffer.read())\n"
        "except PoParseError as error:\n"
        "    print(json.dumps([[p.line, p.message] for p in error.problems]))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], input=HOSTILE_INDEX,  # noqa: S603
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()[-500:]
    problems = json.loads(done.stdout)
    assert len(problems) == 1
    line, text = problems[0]
    assert line == 6 and "at most 16 plural forms" in text


@pytest.mark.parametrize("index", ["16", "99", "1" * 5000])
def test_plural_indexes_past_the_maximum_are_refused(index: str) -> None:
    data = f'msgid "a"\nmsgid_plural "as"\nmsgstr[{index}] "x"\n'.encode()
    with pytest.raises(PoParseError) as info:
        parse(data)
    [(line, text)] = [(p.line, p.message) for p in info.value.problems]
    assert line == 3 and "at most 16 plural forms" in text and len(text) < 120


def test_a_translated_index_at_or_above_nplurals_is_refused_on_its_line() -> None:
    data = (b'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
            b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n')
    with pytest.raises(PoParseError) as info:
        parse(data)
    assert [(p.line, p.message[:10]) for p in info.value.problems] == [(8, "msgstr[2]:")]


@pytest.fixture
def bearer(make_user: MakeUser) -> dict[str, str]:
    _row, clear = tokens.create_token(make_user("admin"), "ci")
    return {"Authorization": f"Bearer {clear}"}


def _catalogs(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Catalog))


def test_every_path_through_the_parser_answers_400_with_the_line(
        client: FlaskClient, signed_in: SignedIn, bearer: dict[str, str], db: Session,
        app: Flask) -> None:
    catalog = import_text(SMALL_PL).catalog
    before = operations.export_bytes(catalog)
    count = _catalogs(db)
    template = Path(app.config["LOCALES_DIR"]) / "app.pot"

    signed_in("admin")
    upload = workspace.upload(client, HOSTILE_INDEX, "de_DE", filename="de.po")
    assert upload.status_code == 400
    assert "line 6" in upload.get_data(as_text=True)

    api = client.post("/api/v1/admin/catalogs/app/de_DE/import", headers=bearer,
                      data=HOSTILE_INDEX)
    assert api.status_code == 400 and "line 6" in api.get_json()["error"]

    push = client.post("/api/v1/admin/catalogs/app/template", headers=bearer,
                       data=HOSTILE_INDEX)
    assert push.status_code == 400 and "line 6" in push.get_json()["error"]
    assert not template.exists()  # a refused template is not stored either

    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_bytes(HOSTILE_INDEX)
    update = client.post("/catalogs/app/update-from-template")
    assert update.status_code == 400 and "line 6" in update.get_data(as_text=True)

    assert _catalogs(db) == count
    assert operations.export_bytes(operations.get_catalog("app", "pl_PL")) == before


def test_a_file_with_a_problem_on_every_line_lists_the_first_ones_and_counts_the_rest(
        db: Session) -> None:
    data = b"nonsense\n" * 10_000
    with pytest.raises(PoParseError) as info:
        parse(data)
    assert len(info.value.problems) == MAX_PROBLEMS
    assert info.value.unlisted == 10_000 - MAX_PROBLEMS
    with pytest.raises(operations.CatalogFileError) as caught:
        operations.import_file("app", "de_DE", data)
    assert caught.value.message.endswith("... and 9980 more problems")


# --- the parser's memory and time -------------------------------------------------------

# Pieces of PO syntax, so that generated inputs reach every kind of line and problem.
_PIECES = st.sampled_from([
    b"msgid ", b"msgstr ", b"msgstr[", b"]", b"msgid_plural ", b"msgctxt ", b'"', b'""',
    b"\\", b"\\n", b"\\x41", b"\\777", b"\n", b"\r", b"#~ ", b"#| ", b"#, fuzzy", b"#. ",
    b"#: a.py:1 ", b"# ", b"9", b"99999999", b"0", b"1", b"x", b" ", b"\xc3\xa9", b"\xff",
    b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', b"(", b"%(", b"{",
])


def _peak(data: bytes) -> int:
    tracemalloc.start()
    try:
        parse(data)
    except PoParseError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=400).map(b"".join))
def test_no_input_makes_the_parser_allocate_more_than_a_small_multiple_of_its_size(
        data: bytes) -> None:
    # The smallest entry ('msgid""\nmsgstr""\n', 16 bytes) becomes a handful of Python
    # objects, about 50 times its size: 64 is that cost, not room for a list sized by the
    # file's own numbers.
    parse(b'msgid "warm"\nmsgstr "up"\n')
    assert _peak(data) <= 64 * len(data) + 256 * 1024


@pytest.mark.parametrize("unit", [
    b'msgid ""\nmsgstr ""\n',
    b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "\\x41"\nmsgstr[15] "\\q"\n',
    b'#~ msgid "a"\n#| msgid "b"\n#, fuzzy\n#: a.py:1\n',
    b"xx yy\n",
], ids=["entries", "plural-forms", "comments", "problems"])
def test_parser_memory_grows_linearly(unit: bytes) -> None:
    small, large = unit * (10_000 // len(unit)), unit * (100_000 // len(unit))
    assert _peak(large) / max(_peak(small), 1) < 13


@pytest.mark.parametrize("unit", [
    b'msgid "a b c"\nmsgstr "d e f"\n\n',
    b'"' + b"\\" * 9 + b"\n",
    b"msgstr[",
    b'msgid "\\x4' + b"1" * 50 + b'"\nmsgstr ""\n',
    b'#| msgid "x"\n#~ msgstr "y"\n',
    b"%(" * 8 + b"\n",
], ids=["entries", "escapes", "open-index", "long-escape", "mixed", "printf"])
def test_parsing_is_linear(unit: bytes) -> None:
    def attempt(data: bytes) -> None:
        with contextlib.suppress(PoParseError):
            parse(data)

    assert _growth(lambda n: unit * (n // len(unit)), attempt) < 25


# --- checks -------------------------------------------------------------------------------

# Each format on its own flag (c-format takes the place of python-format when both are).
_FLAG_SETS = {"python": ["python-format", "max-length:80"], "c": ["c-format"],
              "brace": ["python-brace-format"], "none": []}


@pytest.mark.parametrize("flags", sorted(_FLAG_SETS))
@pytest.mark.parametrize(("source", "unit"), [
    ("%(name)s", "%("),
    ("%s", "%0"),
    ("%s", "%"),
    ("{name}", "{"),
    ("{name}", "{a."),
    ("{name}", "{a:"),
    ("<b>Go</b>", "<a-"),
    ("<b>Go</b>", "<a "),
    ("Go.", " . "),
    ("a\n", "\n"),
], ids=["printf-key", "printf-width", "percent", "brace", "brace-attr", "brace-spec",
        "tag-name", "tag-attrs", "punctuation", "newlines"])
def test_every_check_is_linear(source: str, unit: str, flags: str) -> None:
    chosen = _FLAG_SETS[flags]

    def both_ways(text: str) -> None:
        run_checks(source, translation=str(text), flags=chosen)
        run_checks(str(text), translation=source, flags=chosen)

    assert _growth(lambda n: unit * (n // len(unit)), both_ways) < 25


# --- Plural-Forms -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "nplurals=2; plural=" + "(" * 200 + "n != 1" + ")" * 200 + ";",
    "nplurals=2; plural=" + "(" * 100 + "n != 1" + ")" * 100 + ";",
    "nplurals=2; plural=" + "!" * 120 + "n;",
    "nplurals=2; plural=" + "n ? " * 60 + "1" + " : 0" * 60 + ";",
    "nplurals=" + "9" * 5000 + "; plural=0;",
    "nplurals=2; plural=" + " " * 100_000 + "n;",
])
def test_hostile_plural_rules_are_a_clear_error(value: str) -> None:
    with pytest.raises(PluralFormsError) as info:
        parse_plural_forms(value)
    assert "nests more than" in str(info.value) or "characters long" in str(info.value)


def test_a_deeply_nested_plural_rule_is_a_400_on_import(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    upload = workspace.upload(client, HOSTILE_RULE, "de_DE", filename="de.po")
    assert upload.status_code == 400
    assert "nests more than 20 levels" in upload.get_data(as_text=True)


# --- the length of a translation ----------------------------------------------------------

TOO_LONG = "x" * (MAX_TRANSLATION_LENGTH + 1)


def test_editor_save_refuses_a_translation_past_the_limit_and_keeps_it(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Leaving from")
    page = client.post(f"/catalogs/app/pl_PL/messages/{book.id}",
                       data={"translation": "Wyjazd z " + TOO_LONG, "version": book.version})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "at most 10,000 characters" in html and "Wyjazd z xxxx" in html
    saved = client.post(f"/catalogs/api/messages/{book.id}",
                        json={"translations": [TOO_LONG], "version": book.version})
    assert saved.status_code == 422 and "10,000" in saved.get_json()["error"]
    assert message(catalog, "Leaving from").translations == [""]


def test_api_save_refuses_a_translation_past_the_limit(
        client: FlaskClient, bearer: dict[str, str]) -> None:
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Leaving from")
    saved = client.put(f"/api/v1/admin/catalogs/messages/{book.id}", headers=bearer,
                       json={"translations": [TOO_LONG], "version": book.version})
    assert saved.status_code == 422 and "10,000" in saved.get_json()["error"]
    exactly = client.put(f"/api/v1/admin/catalogs/messages/{book.id}", headers=bearer,
                         json={"translations": ["y" * MAX_TRANSLATION_LENGTH],
                               "version": book.version})
    assert exactly.status_code == 200, exactly.get_json()


def test_import_refuses_a_translation_past_the_limit_with_its_line(db: Session) -> None:
    catalog = import_text(SMALL_PL).catalog
    before = operations.export_bytes(catalog)
    long_file = SMALL_PL.replace('msgid "Leaving from"\nmsgstr ""',
                                 f'msgid "Leaving from"\nmsgstr "{TOO_LONG}"')
    with pytest.raises(operations.CatalogFileError) as caught:
        import_text(long_file, mode="overwrite")
    assert caught.value.problems[0][0] == long_file.splitlines().index('msgid "Leaving from"') + 1
    assert "at most 10,000 characters" in caught.value.message
    with pytest.raises(operations.CatalogFileError):
        import_text(long_file, locale_code="cs_CZ")
    assert operations.export_bytes(catalog) == before
    assert _catalogs(db) == 1
