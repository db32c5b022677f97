"""A catalog goes into the database and comes back byte for byte; edits touch only
themselves; exports pass msgfmt -c and compile to .mo files gettext reads."""

from __future__ import annotations

import difflib
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask

from backoffice.catalogs import operations
from backoffice.catalogs.gettext_tools import compile_mo
from tests.catalogs.workspace import (
    FR_HEADER,
    PL_HEADER,
    SMALL_PL,
    corpus_files,
    export_fresh,
    import_text,
    message,
    needs_corpus,
)
from tests.support.fixture_types import MakeUser

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")


def _locale_of(path: Path) -> str:
    return "en" if path.suffix == ".pot" else path.stem


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_file_round_trips_through_the_database(app: Flask, path: Path) -> None:
    data = path.read_bytes()
    result = operations.import_file("corpus", _locale_of(path), data, filename=path.name)
    assert result.created
    assert export_fresh(result.catalog) == data


CRAFTED = {
    "context_fuzzy_previous_obsolete": SMALL_PL + '''
#~ msgctxt "menu"
#~ msgid "Gone"
#~ msgstr "Nie ma"

#, fuzzy
#~| msgid "Older text"
#~ msgid "Old text"
#~ msgstr "Stary tekst"
''',
    "unknown_headers_and_comments": (
        "# Translators of the carpool app.\n# Copyright (C) 2026\n#\n#, fuzzy\n"
        + PL_HEADER.replace('"X-Generator: Weblate 5.7\\n"\n',
                            '"X-Generator: Weblate 5.7\\n"\n"X-Custom-Thing: keep me\\n"\n')
        + '\n# translator note\n#. extracted note\n#: a.py:1 b.py:2\n#, python-format, no-wrap\n'
        'msgid "Hello %(name)s"\nmsgstr "Cześć %(name)s"\n'
    ),
    "wrapped": FR_HEADER + '''
#: app/long.py:1
msgid ""
"A very long message that was wrapped by a tool at seventy-six columns, as "
"msgmerge does when it writes its files."
msgstr ""
"Un très long message qui a été coupé par un outil à soixante-seize colonnes, "
"comme le fait msgmerge."
''',
    "unwrapped": FR_HEADER
    + '\nmsgid "A very long message that was not wrapped at all by the tool that wrote it, '
    'because it uses --no-wrap."\n'
    'msgstr "Un très long message qui n\'a pas été coupé du tout par l\'outil qui l\'a écrit, '
    'parce qu\'il utilise --no-wrap."\n',
    "no_header": '''msgid "Search rides"
msgstr "Rechercher"

msgid "Book"
msgstr ""
''',
    "crlf_and_no_final_newline": (FR_HEADER + '\nmsgid "Yes"\nmsgstr "Oui"').replace("\n", "\r\n"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_file_round_trips(app: Flask, name: str) -> None:
    data = CRAFTED[name].encode("utf-8")
    result = operations.import_file("app", "fr_FR" if "fr" in name or "wrap" in name
                                    else "pl_PL", data)
    assert export_fresh(result.catalog) == data


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_edit_changes_only_the_edited_entry(app: Flask, make_user: MakeUser) -> None:
    user = make_user("admin")
    data = SMALL_PL.encode()
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    operations.save_translation(book, ["Zarezerwuj"], version=book.version, actor=user)
    after = export_fresh(catalog)
    assert _changed_lines(data, after) == ['-msgstr ""', '+msgstr "Zarezerwuj"']


def test_confirming_a_fuzzy_entry_drops_its_flag_and_previous_msgid_only(app: Flask) -> None:
    catalog = import_text(SMALL_PL).catalog
    draft = message(catalog, "Offer a ride now")
    assert draft.state == "draft"
    operations.save_translation(draft, ["Zaproponuj przejazd teraz"], version=draft.version)
    changed = _changed_lines(SMALL_PL.encode(), export_fresh(catalog))
    assert changed == [
        "-#, fuzzy", '-#| msgid "Offer a ride"', '-msgstr "Zaproponuj przejazd"',
        '+msgstr "Zaproponuj przejazd teraz"',
    ]


def test_edit_in_a_wrapped_file_is_wrapped_like_the_file(app: Flask) -> None:
    text = CRAFTED["wrapped"] + '\nmsgid "Short"\nmsgstr ""\n'
    catalog = import_text(text, "fr_FR").catalog
    short = message(catalog, "Short")
    operations.save_translation(
        short, ["Une traduction assez longue pour dépasser la largeur de soixante-seize "
                "colonnes du fichier"], version=short.version)
    lines = export_fresh(catalog).decode().splitlines()
    assert all(len(line) <= 79 for line in lines)
    changed = _changed_lines(text.encode(), export_fresh(catalog))
    # msgstr "" stays; the text follows on wrapped lines: only additions, all in this entry.
    assert len(changed) == 2
    assert all(line.startswith('+"') for line in changed)


@needs_msgfmt
def test_export_passes_msgfmt_and_compiles_for_gettext(app: Flask, tmp_path: Path) -> None:
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    operations.save_translation(book, ["Zarezerwuj"], version=book.version)
    po = tmp_path / "app.po"
    po.write_bytes(export_fresh(catalog))
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)],  # noqa: S607
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    mo = tmp_path / "pl_PL" / "LC_MESSAGES" / "app.mo"
    compile_mo(po.read_bytes(), mo)
    translations = gettext.translation("app", str(tmp_path), languages=["pl_PL"])
    assert translations.gettext("Search rides") == "Szukaj przejazdów"
    assert translations.pgettext("button", "Book") == "Zarezerwuj"
    assert translations.ngettext("%(count)s seat left", "%(count)s seats left", 3) == \
        "Zostały %(count)s miejsca"
    assert translations.ngettext("%(count)s seat left", "%(count)s seats left", 5) == \
        "Zostało %(count)s miejsc"
    assert translations.gettext("Offer a ride now") == "Offer a ride now"  # fuzzy: not used


@needs_corpus
@needs_msgfmt
def test_corpus_exports_after_edits_pass_msgfmt(app: Flask, tmp_path: Path) -> None:
    path = next(p for p in corpus_files() if p.name == "pl.po")
    catalog = operations.import_file("corpus", "pl", path.read_bytes()).catalog
    target = message(catalog, "Name too long")
    operations.save_translation(target, ["Nazwa jest za długa"], version=target.version)
    out = tmp_path / "pl.po"
    out.write_bytes(export_fresh(catalog))
    done = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "pl.mo"), str(out)],  # noqa: S607
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    changed = _changed_lines(path.read_bytes(), out.read_bytes())
    assert changed == ['-msgstr "Zbyt długa nazwa"', '+msgstr "Nazwa jest za długa"']
    with (tmp_path / "pl.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Name too long") == "Nazwa jest za długa"


@needs_corpus
@needs_msgfmt
@pytest.mark.parametrize("path", [p for p in corpus_files() if p.suffix == ".po"],
                         ids=lambda p: p.name)
def test_corpus_exports_compile_to_the_same_strings(app: Flask, tmp_path: Path, path: Path) -> None:
    from backoffice.catalogs.po.reader import parse

    catalog = operations.import_file("corpus", path.stem, path.read_bytes()).catalog
    exported = tmp_path / "export.po"
    exported.write_bytes(export_fresh(catalog))
    mo = tmp_path / "export.mo"
    done = subprocess.run(["msgfmt", "-c", "-o", str(mo), str(exported)],  # noqa: S607
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    checked = 0
    for entry in parse(path.read_bytes()).entries:
        if entry.obsolete or not entry.is_translated:
            continue
        if entry.msgid_plural is None:
            got = (translations.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt
                   else translations.gettext(entry.msgid))
            assert got == entry.msgstr
        else:
            assert translations.ngettext(entry.msgid, entry.msgid_plural, 1) in \
                entry.msgstr_plural
        checked += 1
    assert checked > 100


def test_compile_falls_back_to_babel_without_msgfmt(
        app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backoffice.catalogs.gettext_tools as tools_module

    monkeypatch.setattr(tools_module.shutil, "which", lambda _name: None)
    catalog = import_text(SMALL_PL).catalog
    mo = tmp_path / "pl_PL" / "LC_MESSAGES" / "app.mo"
    assert compile_mo(export_fresh(catalog), mo) == "babel"
    translations = gettext.translation("app", str(tmp_path), languages=["pl_PL"])
    assert translations.gettext("Search rides") == "Szukaj przejazdów"
    assert translations.ngettext("%(count)s seat left", "%(count)s seats left", 2) == \
        "Zostały %(count)s miejsca"
