"""The .po reader's problems, each with its line, and entries rendered then read back."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.catalogs.po.model import PoEntry, PoFile, PoParseError
from backoffice.catalogs.po.reader import parse
from backoffice.catalogs.po.writer import dumps, serialize
from tests.catalogs.conftest import corpus_files, msgfmt_check, needs_corpus, needs_gettext
from tests.catalogs.synthetic import messages, po_text
from tests.catalogs.test_po import HEADER


def _problems(text: str | bytes) -> list[tuple[int, str]]:
    with pytest.raises(PoParseError) as info:
        parse(text)
    return [(p.line, p.message) for p in info.value.problems]


def test_every_problem_is_reported_with_its_line() -> None:
    text = (
        'msgid "a"\nmsgstr "b"\n\n'
        'msgid "unclosed\nmsgstr "x"\n\n'  # 4
        'msgfoo "z"\n\n'  # 7
        'msgid "a"\nmsgstr "again"\n\n'  # 9: duplicate
        'msgid "s"\nmsgstr[0] "no plural"\n\n'  # 12-13
        'msgid "bad \\q escape"\nmsgstr ""\n\n'  # 15
        'msgid\nmsgstr ""\n\n'  # 18
        'msgid "cut"\n'  # 21: no msgstr
    )
    problems = _problems(text)
    lines = [line for line, _ in problems]
    assert lines == sorted(lines)
    messages_by_line = dict(problems)
    assert "not closed with a double quote" in messages_by_line[4]
    assert "unknown keyword 'msgfoo'" in messages_by_line[7]
    assert "duplicate" in messages_by_line[9] and "line 1" in messages_by_line[9]
    assert "only allowed after a msgid_plural" in messages_by_line[13]
    assert "unknown escape sequence \\q" in messages_by_line[15]
    assert "has no string" in messages_by_line[18]
    assert "no msgstr" in messages_by_line[21]
    with pytest.raises(PoParseError) as info:
        parse(text, filename="pl.po")
    assert str(info.value).splitlines()[0].startswith("pl.po: line 4: string is not closed")


@pytest.mark.parametrize(("text", "problem"), [
    (b'msgid "a"\nmsgstr "\\xFFFFFFFFFF"\n', "\\xFFFFFFFFFF is not a character"),
    (b'msgid "a"\nmsgstr "\\0"\n', "\\0 is not a character"),
    (b'msgid "a"\nmsgstr "\\x00"\n', "\\x00 is not a character"),
    (b'msgid "a"\nmsgstr "\\xD800"\n', "\\xD800 is not a character"),
    (b'msgid "a"\nmsgstr "x\x00y"\n', "a NUL character cannot be stored"),
])
def test_characters_no_database_can_hold_are_refused(text: bytes, problem: str) -> None:
    """NUL, lone surrogates and code points past Unicode's end: a line, never a crash."""
    with pytest.raises(PoParseError) as info:
        parse(text)
    assert [p.line for p in info.value.problems] == [2]
    assert problem in info.value.problems[0].message


def test_plural_problems() -> None:
    bad_rule = HEADER.replace("nplurals=3; plural=(n==1", "nplurals=3; plural=(n===1")
    assert _problems(bad_rule) == [
        (8, "the Plural-Forms header is not valid: unexpected '=' in the plural rule")
    ]
    too_many = HEADER + (
        '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] ""\nmsgstr[2] ""\nmsgstr[3] ""\n'
    )
    # msgfmt -c refuses a translation with more forms than nplurals: the line of the first
    # form too many is given.
    [(line, message)] = _problems(too_many)
    assert line == 16 and "msgstr[3]" in message and "nplurals=3" in message


def test_charset_problems() -> None:
    latin = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        'msgid "Caf\xe9"\nmsgstr "Caf\xe9"\n'
    ).encode("latin-1")
    po = parse(latin)
    assert po.entries[0].msgstr == "Café" and po.charset == "ISO-8859-1"
    assert serialize(po) == latin
    utf8_declared = latin.replace(b"ISO-8859-1", b"UTF-8")
    problems = _problems(utf8_declared)
    assert [line for line, _ in problems] == [4, 5]
    assert "not valid UTF-8 text" in problems[0][1] and "charset=UTF-8" in problems[0][1]
    unknown = latin.replace(b"ISO-8859-1", b"KLINGON-1")
    assert "KLINGON-1" in _problems(unknown)[0][1]


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(
        st.builds(
            PoEntry,
            msgid=_text.filter(bool),
            msgstr=_text,
            msgctxt=st.none() | _text,
            flags=st.lists(
                st.sampled_from(["fuzzy", "python-format", "max-length:40"]), unique=True
            ),
            translator_comments=st.lists(st.text("abc xyz", max_size=10), max_size=2),
            previous_msgid=st.none() | _text,
            obsolete=st.booleans(),
        ),
        max_size=6,
        unique_by=lambda e: (e.msgctxt, e.msgid, e.obsolete),
    ),
    width=st.sampled_from([None, 76, 79]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_rendered_entries_read_back_identically(
    entries: list[PoEntry], width: int | None, newline: str
) -> None:
    po = PoFile(entries=entries, newline=newline, wrap_width=width)
    text = dumps(po)
    again = parse(text)
    assert [e.state() for e in again.entries] == [e.state() for e in entries]
    assert dumps(again) == text


@needs_gettext
@needs_corpus
def test_exports_pass_msgfmt_and_read_back_through_gettext(tmp_path: Path) -> None:
    path = next(p for p in corpus_files() if p.name == "pl.po")
    po = parse(path.read_bytes())
    po.entries[0].msgstr = "Nazwa jest za długa"
    out = tmp_path / "pl.po"
    out.write_bytes(serialize(po))
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr

    fresh = PoFile.new("pl")
    fresh.entries += [
        PoEntry(msgid="Open", msgctxt="menu", msgstr="Otwórz"),
        PoEntry(
            msgid="%(num)d seat",
            msgid_plural="%(num)d seats",
            msgstr_plural=["%(num)d miejsce", "%(num)d miejsca", "%(num)d miejsc"],
            flags=["python-format"],
        ),
        PoEntry(msgid="Long " * 30 + "\nsecond line", msgstr="Długi " * 30 + "\ndruga linia"),
    ]
    fresh.wrap_width = 79
    src = tmp_path / "fresh.po"
    src.write_bytes(serialize(fresh))
    mo = tmp_path / "fresh.mo"
    result = msgfmt_check(src, mo)
    assert result.returncode == 0, result.stderr
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.pgettext("menu", "Open") == "Otwórz"
    assert [translations.ngettext("%(num)d seat", "%(num)d seats", n) for n in (1, 3, 5, 22)] == [
        "%(num)d miejsce", "%(num)d miejsca", "%(num)d miejsc", "%(num)d miejsca",
    ]  # fmt: skip
    assert translations.gettext("Long " * 30 + "\nsecond line").endswith("druga linia")


def test_large_file_rendered_from_fields_gives_the_same_bytes() -> None:
    # Speed against Babel is measured by `make bench`; here, the bytes.
    data = po_text(messages(20_000)).encode()
    po = parse(data)
    assert serialize(po) == data
    for entry in po.entries:
        entry.mark_saved()  # every entry rendered from its fields
    assert serialize(po) == data
