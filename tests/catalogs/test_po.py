from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from backoffice.catalogs.po.model import PoEntry, PoFile
from backoffice.catalogs.po.reader import parse
from backoffice.catalogs.po.records import file_from_records
from backoffice.catalogs.po.style import PoStyle
from backoffice.catalogs.po.writer import dumps, render_entry, serialize
from tests.catalogs.conftest import DATA, corpus_files, needs_corpus

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
