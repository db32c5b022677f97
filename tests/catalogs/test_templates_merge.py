from __future__ import annotations

import subprocess
from pathlib import Path

from backoffice.catalogs.po.model import PoFile
from backoffice.catalogs.po.reader import parse
from backoffice.catalogs.po.writer import dumps, serialize
from backoffice.catalogs.templates_merge import update_from_template
from tests.catalogs.conftest import msgfmt_check, needs_gettext
from tests.catalogs.synthetic import messages, po_text

OLD = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=n != 1;\\n"

# checked by Anna
#: old.py:1
msgid "Book a seat"
msgstr "Réserver une place"

msgid "Untranslated and gone"
msgstr ""

msgid "Translated and gone"
msgstr "Traduit et parti"

msgid "Confirm your phone number"
msgstr "Confirmez votre numéro de téléphone"

#, fuzzy
msgid "A fuzzy message that goes away"
msgstr "Un message flou"

#, python-format
msgid "%(num)d ride"
msgid_plural "%(num)d rides"
msgstr[0] "%(num)d trajet"
msgstr[1] "%(num)d trajets"

#~ msgid "Cancel the booking"
#~ msgstr "Annuler la réservation"

#~ msgid "Old and very similar text"
#~ msgstr "Vieux texte très similaire"
"""

NEW = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. Shown on the ride page
#: trips.py:10
msgid "Book a seat"
msgstr ""

msgid "Confirm your mobile phone number"
msgstr ""

msgid "Cancel the booking"
msgstr ""

msgid "Old and very similar text!"
msgstr ""

msgid "A brand new feature"
msgstr ""

#: trips.py:20
#, python-format
msgid "%(num)d ride"
msgid_plural "%(num)d rides"
msgstr[0] ""
msgstr[1] ""
"""


def _summary(po: PoFile) -> dict[str, set[tuple[str | None, str]]]:
    out: dict[str, set[tuple[str | None, str]]] = {
        "translated": set(), "fuzzy": set(), "untranslated": set(), "obsolete": set()
    }  # fmt: skip
    for entry in po.entries:
        if entry.obsolete:
            out["obsolete"].add(entry.key)
        elif entry.fuzzy:
            out["fuzzy"].add(entry.key)
        elif entry.is_translated:
            out["translated"].add(entry.key)
        else:
            out["untranslated"].add(entry.key)
    return out


def test_update_keeps_adds_matches_and_obsoletes() -> None:
    result = update_from_template(parse(OLD), parse(NEW))
    po = result.po
    assert [e.msgid for e in po.entries if not e.obsolete] == [e.msgid for e in parse(NEW).entries]
    book = po.find("Book a seat")
    assert book is not None and book.msgstr == "Réserver une place"
    assert book.translator_comments == ["checked by Anna"]
    assert book.extracted_comments == ["Shown on the ride page"] and book.locations == [
        "trips.py:10"
    ]
    phone = po.find("Confirm your mobile phone number")
    assert phone is not None and phone.fuzzy
    assert phone.previous_msgid == "Confirm your phone number"
    assert phone.msgstr == "Confirmez votre numéro de téléphone"
    assert po.find("Cancel the booking").msgstr == "Annuler la réservation"  # revived
    assert po.find("A brand new feature").msgstr == ""
    assert po.find("%(num)d ride").msgstr_plural == ["%(num)d trajet", "%(num)d trajets"]
    assert result.counts == {
        "added": 1, "fuzzy_matched": 2, "obsoleted": 2, "revived": 1, "unchanged": 2,
        "dropped": 1,
    }  # fmt: skip
    assert [e.msgid for e in po.entries if e.obsolete] == [
        "Translated and gone", "A fuzzy message that goes away",
    ]  # fmt: skip
    text = dumps(po)
    assert '#~ msgid "Translated and gone"\n#~ msgstr "Traduit et parti"\n' in text
    assert parse(text).find("Old and very similar text!").previous_msgid == (
        "Old and very similar text"
    )


def test_unchanged_catalog_is_left_byte_identical() -> None:
    old = parse(OLD)
    template = PoFile(entries=[e for e in parse(OLD).entries if not e.obsolete])
    result = update_from_template(old, template)
    assert result.counts["unchanged"] == 6
    assert serialize(result.po) == OLD.encode()


@needs_gettext
def test_same_outcome_as_msgmerge(tmp_path: Path) -> None:
    (tmp_path / "old.po").write_text(OLD)
    (tmp_path / "new.pot").write_text(NEW)
    merged = subprocess.run(
        ["msgmerge", "--no-wrap", "--previous", "-q", "old.po", "new.pot"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    expected = parse(merged)
    ours = update_from_template(parse(OLD), parse(NEW)).po
    assert _summary(ours) == _summary(expected)
    for entry in expected.entries:
        if entry.fuzzy and not entry.obsolete:
            mine = ours.find(entry.msgid, entry.msgctxt)
            assert mine is not None
            assert (mine.previous_msgid, mine.translations) == (
                entry.previous_msgid, entry.translations,
            )  # fmt: skip


def _changed(msgs: list[tuple[str, str | None]], share: float) -> list[tuple[str, str | None]]:
    step = int(1 / share)
    return [
        (msgid.replace(" #", " updated #"), plural) if i % step == 0 else (msgid, plural)
        for i, (msgid, plural) in enumerate(msgs)
    ]


def _update(size: int) -> tuple[int, int]:
    msgs = messages(size)
    po = parse(po_text(msgs))
    pot = parse(po_text(_changed(msgs, 0.02), translated=False))
    result = update_from_template(po, pot)
    return len(result.fuzzy_matched), len(result.obsoleted)


def test_merge_matches_changed_messages_at_scale(tmp_path: Path) -> None:
    # Speed is measured by `make bench` against GNU msgmerge; here, the outcome.
    small_fuzzy, _ = _update(200)
    large_fuzzy, large_obsolete = _update(20_000)
    assert small_fuzzy == 4 and large_fuzzy == 400 and large_obsolete == 0


@needs_gettext
def test_merged_large_catalog_passes_msgfmt(tmp_path: Path) -> None:
    msgs = messages(20_000)
    po = parse(po_text(msgs))
    pot = parse(po_text(_changed(msgs, 0.02), translated=False))
    out = tmp_path / "merged.po"
    out.write_bytes(serialize(update_from_template(po, pot).po))
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr
