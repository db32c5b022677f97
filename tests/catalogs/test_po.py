from __future__ import annotations

import difflib
import gettext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.catalogs.po.model import PoEntry, PoFile, PoParseError
from backoffice.catalogs.po.reader import parse
from backoffice.catalogs.po.records import file_from_records
from backoffice.catalogs.po.style import PoStyle
from backoffice.catalogs.po.writer import dumps, render_entry, serialize
from tests.catalogs.conftest import DATA, corpus_files, msgfmt_check, needs_corpus, needs_gettext
from tests.catalogs.synthetic import messages, po_text

HEADER = (
    '# Translators of the backoffice.\n#\nmsgid ""\nmsgstr ""\n'
    '"Project-Id-Version: backoffice 1.0\\n"\n'
    '"Language: pl\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
    '"X-Unknown-Header: kept as is\\n"\n'
)

FULL = (
    HEADER
    + """
# A translator comment
#. An extracted comment
#: backoffice/views.py:12 backoffice/views.py:40
#: backoffice/forms.py:3
#, fuzzy, python-format
#| msgctxt "button"
#| msgid "Save %(count)d ride"
#| msgid_plural "Save %(count)d rides"
msgctxt "button"
msgid "Save %(count)d trip"
msgid_plural "Save %(count)d trips"
msgstr[0] "Zapisz %(count)d przejazd"
msgstr[1] "Zapisz %(count)d przejazdy"
msgstr[2] "Zapisz %(count)d przejazdów"

msgid ""
"A long message that was written by hand on two lines, "
"with a \\"quoted\\" word and a tab\\t."
msgstr ""
"Długa wiadomość \\n"
"na dwie linie."

msgctxt "menu"
msgid "Open"
msgstr "Otwórz"

msgid "Open"
msgstr "Otwórz (bez kontekstu)"


# Old entries
#, fuzzy
#~| msgid "Old thing"
#~ msgctxt "old"
#~ msgid "Old thing!"
#~ msgid_plural "Old things!"
#~ msgstr[0] "Stara rzecz"
#~ msgstr[1] ""
#~ "Stare "
#~ "rzeczy"
#~ msgstr[2] "Starych rzeczy"

#~ msgid "Gone"
#~ msgstr "Poszło"

# A comment at the end of the file
"""
)

CRAFTED = {
    "full": FULL,
    "crlf": FULL.replace("\n", "\r\n"),
    "no-final-newline": FULL.rstrip("\n").rsplit("\n", 2)[0],
    "bom": "\ufeff" + FULL,
    "extra-blank-lines": "\n\n" + FULL.replace("\n\n", "\n\n\n\n") + "\n\n\n",
    "no-header": 'msgid "Hello"\nmsgstr "Cześć"\n\nmsgid "Bye"\nmsgstr "Pa"\n',
    "header-not-first": 'msgid "Hello"\nmsgstr "Cześć"\n\n' + HEADER,
    "empty": "",
    "only-comments": "# nothing translated yet\n#\n",
    "spaces-on-blank-lines": 'msgid "a"\nmsgstr "b"\n  \n\t\nmsgid "c"\nmsgstr "d"\n',
    "single-line-header": (
        'msgid ""\nmsgstr "Language: de\\nContent-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "b"'
    ),
    "escapes": 'msgid "a\\\\b \\a\\b\\f\\v \\101 \\x41 \\? \\\'"\nmsgstr "x"\n',
}


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_round_trip_is_byte_identical(path: Path) -> None:
    data = path.read_bytes()
    po = parse(data, filename=path.name)
    assert serialize(po) == data
    assert not any(e.is_modified() for e in po.entries)
    assert po.wrap_width is None  # the corpus is written unwrapped


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_round_trip_is_byte_identical(name: str) -> None:
    data = CRAFTED[name].encode()
    assert serialize(parse(data)) == data
    assert dumps(parse(CRAFTED[name])) == CRAFTED[name]


@pytest.mark.parametrize("name", ["de_DE.wrapped79.po", "ja.wrapped79.po"])
def test_fresh_rendering_wraps_like_gettext(name: str) -> None:
    # These files come from msgcat (79 columns); rendering every entry from its fields
    # must give the same bytes, so edits in wrapped files look like gettext's own output.
    data = (DATA / name).read_bytes()
    po = parse(data)
    assert po.wrap_width == 79
    assert serialize(po) == data
    for entry in [po.header, *po.entries]:
        assert entry is not None
        entry.mark_saved()
    assert serialize(po) == data


def test_fields_of_a_crafted_file() -> None:
    po = parse(FULL)
    assert po.header_value("language") == "pl"
    assert po.header_value("X-Unknown-Header") == "kept as is"
    assert po.header_value("Missing") is None
    assert po.nplurals == 3
    assert po.header is not None and po.header.translator_comments == [
        "Translators of the backoffice.",
        "",
    ]
    save = po.entries[0]
    assert save.key == ("button", "Save %(count)d trip")
    assert save.msgid_plural == "Save %(count)d trips"
    assert save.msgstr_plural[2] == "Zapisz %(count)d przejazdów"
    assert save.flags == ["fuzzy", "python-format"] and save.fuzzy
    assert save.translator_comments == ["A translator comment"]
    assert save.extracted_comments == ["An extracted comment"]
    assert save.locations == [
        "backoffice/views.py:12",
        "backoffice/views.py:40",
        "backoffice/forms.py:3",
    ]
    assert (save.previous_msgctxt, save.previous_msgid, save.previous_msgid_plural) == (
        "button", "Save %(count)d ride", "Save %(count)d rides",
    )  # fmt: skip
    assert save.line == 20
    long = po.entries[1]
    assert long.msgid == (
        'A long message that was written by hand on two lines, with a "quoted" word and a tab\t.'
    )
    assert long.msgstr == "Długa wiadomość \nna dwie linie."
    assert po.find("Open", "menu") is not None and po.find("Open").msgstr.endswith("kontekstu)")
    old = po.entries[4]
    assert old.obsolete and old.fuzzy and old.msgctxt == "old"
    assert old.previous_msgid == "Old thing"
    assert old.msgstr_plural == ["Stara rzecz", "Stare rzeczy", "Starych rzeczy"]
    assert po.entries[5].obsolete and po.entries[5].msgstr == "Poszło"
    assert po.trailing == "\n# A comment at the end of the file\n"
    esc = parse(CRAFTED["escapes"]).entries[0]
    assert esc.msgid == "a\\b \a\b\f\v A A ? '"


def _changed_lines(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    a, b = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_editing_one_msgstr_changes_only_its_lines(path: Path) -> None:
    data = path.read_bytes()
    po = parse(data)
    candidates = [e for e in po.entries if not e.obsolete]
    entry = candidates[len(candidates) // 2]
    if entry.is_plural:
        entry.msgstr_plural[0] = "EDITED"
        expected = ['msgstr[0] "EDITED"']
    else:
        entry.msgstr = "EDITED"
        expected = ['msgstr "EDITED"']
    assert entry.is_modified()
    out = serialize(po)
    changes = _changed_lines(data.decode(), out.decode())
    assert len(changes) == 1
    removed, added = changes[0]
    assert added == expected
    assert removed and all(line.startswith(("msgstr", '"')) for line in removed)
    assert "\n".join(removed) in (entry.raw or "")


@needs_corpus
def test_adding_a_flag_only_adds_that_line() -> None:
    path = next(p for p in corpus_files() if p.name == "fr_FR.po")
    data = path.read_text()
    po = parse(data)
    po.entries[10].fuzzy = True
    po.entries[20].translator_comments.append("checked by the country team")
    changes = _changed_lines(data, dumps(po))
    assert changes == [([], ["#, fuzzy"]), ([], ["# checked by the country team"])]


def test_edits_follow_the_file_style() -> None:
    po = parse(CRAFTED["crlf"])
    po.entries[2].msgstr = "Otwórz teraz"
    po.entries.append(PoEntry(msgid="New one", msgstr="Nowy"))
    text = dumps(po)
    assert "\n" not in text.replace("\r\n", "")
    assert 'msgstr "Otwórz teraz"\r\n' in text
    # New entries go after the last one; the comment at the end of the file stays last.
    assert text.endswith(
        '#~ msgstr "Poszło"\r\n\r\nmsgid "New one"\r\nmsgstr "Nowy"\r\n'
        "\r\n# A comment at the end of the file\r\n"
    )

    po = parse(CRAFTED["no-final-newline"])
    po.entries[-1].msgstr = "Znikło"
    assert dumps(po).endswith('#~ msgstr "Znikło"')

    po = parse((DATA / "de_DE.wrapped79.po").read_text())
    entry = po.entries[0]
    entry.msgstr = (
        "Ein sehr langer Satz, der sicher nicht auf eine einzige Zeile passt, weil er lang ist."
    )
    assert render_entry(entry, po.style).splitlines()[-3:] == [
        'msgstr ""',
        '"Ein sehr langer Satz, der sicher nicht auf eine einzige Zeile passt, weil er "',
        '"lang ist."',
    ]


def test_render_entry_alone() -> None:
    entry = PoEntry(
        msgid="%(num)d seat",
        msgid_plural="%(num)d seats",
        msgstr_plural=["%(num)d miejsce", "%(num)d miejsca", "%(num)d miejsc"],
        msgctxt="trip",
        flags=["python-format"],
        extracted_comments=["Seats left in the car"],
        locations=["trips.py:4"],
    )
    assert render_entry(entry) == (
        "#. Seats left in the car\n#: trips.py:4\n#, python-format\n"
        'msgctxt "trip"\nmsgid "%(num)d seat"\nmsgid_plural "%(num)d seats"\n'
        'msgstr[0] "%(num)d miejsce"\nmsgstr[1] "%(num)d miejsca"\nmsgstr[2] "%(num)d miejsc"\n'
    )
    assert render_entry(PoEntry(msgid="a\nb", msgstr="c"), PoStyle(newline="\r\n")) == (
        'msgid ""\r\n"a\\n"\r\n"b"\r\nmsgstr "c"\r\n'
    )
    parsed = parse(FULL).entries[1]
    assert render_entry(parsed) == parsed.raw.lstrip("\n")


def test_rebuild_from_records_without_the_original_bytes() -> None:
    data = FULL.encode()
    po = parse(data)
    file_record = po.file_record()
    records = [e.to_record() for e in po.entries]
    assert serialize(file_from_records(file_record, records)) == data
    # A stored edit keeps the imported raw text: only the edited field is re-rendered.
    records[3]["msgstr"] = "Otwórz plik"
    rebuilt = file_from_records(file_record, records)
    assert rebuilt.entries[3].is_modified() and not rebuilt.entries[2].is_modified()
    changes = _changed_lines(FULL, serialize(rebuilt).decode())
    assert changes == [(['msgstr "Otwórz (bez kontekstu)"'], ['msgstr "Otwórz plik"'])]


def test_header_edit_and_new_catalog() -> None:
    po = parse(FULL)
    po.set_header_value("Language", "pl_PL")
    po.set_header_value("X-Generator", "backoffice")
    assert po.header_value("LANGUAGE") == "pl_PL"
    text = dumps(po)
    assert '"Language: pl_PL\\n"' in text and '"X-Generator: backoffice\\n"' in text
    assert parse(text).header_value("X-Unknown-Header") == "kept as is"

    fresh = PoFile.new("ru")
    assert fresh.nplurals == 3
    fresh.entries.append(PoEntry(msgid="Hi", msgstr="Привет"))
    assert parse(serialize(fresh)).find("Hi").msgstr == "Привет"


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
