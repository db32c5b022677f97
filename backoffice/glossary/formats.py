"""Glossary files: CSV (source, translation, part_of_speech, note, do_not_translate) and
TBX, read and written with translate-toolkit's ``translate.storage.tbx``.

An import checks every row first: one bad row (with its line or entry number) refuses
the file and changes nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Protocol

from flask_babel import gettext as _
from translate.storage import tbx

from backoffice.audit import operations as audit
from backoffice.core.errors import OperationError
from backoffice.glossary import operations
from backoffice.glossary.models import GlossaryTerm

CSV_COLUMNS = ("source", "translation", "part_of_speech", "note", "do_not_translate")
MAX_FILE = 5 * 1024 * 1024
MAX_TERMS = 20000
_TRUE = {"1", "true", "yes", "y", "x"}
SOURCE_LANGUAGE = "en"


def export_csv(terms: list[GlossaryTerm]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for t in terms:
        writer.writerow([t.source, t.translation, t.part_of_speech, t.note,
                         "yes" if t.do_not_translate else ""])
    return out.getvalue().encode("utf-8")


def read_csv(data: bytes) -> list[operations.TermData]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OperationError(_("The CSV file must be UTF-8."), "file") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "source" not in reader.fieldnames:
        raise OperationError(_("The CSV file needs a header line with at least the column "
                               "“source”."), "file")
    rows = []
    for row in reader:
        rows.append((reader.line_num, operations.TermData(
            source=row.get("source") or "", translation=row.get("translation") or "",
            part_of_speech=row.get("part_of_speech") or "", note=row.get("note") or "",
            do_not_translate=(row.get("do_not_translate") or "").strip().lower() in _TRUE)))
    return _checked(rows, _("line"))


class _TbxUnit(Protocol):
    """What the export uses of a ``tbxunit`` (the toolkit leaves some unannotated)."""

    xmlelement: Any  # an lxml element

    def settarget(self, target: str, lang: str | None = ...) -> None: ...
    def addnote(self, text: str, origin: str | None = ..., position: str = ...) -> None: ...
    def namespaced(self, name: str) -> str: ...


class _TbxStore(Protocol):
    """What the export uses of a ``tbxfile``."""

    def addsourceunit(self, source: str) -> _TbxUnit: ...
    def __bytes__(self) -> bytes: ...


def export_tbx(language: str, terms: list[GlossaryTerm]) -> bytes:
    store: _TbxStore = tbx.tbxfile(sourcelanguage=SOURCE_LANGUAGE)
    for t in terms:
        unit = store.addsourceunit(t.source)
        unit.settarget(t.translation, lang=language)
        if t.part_of_speech:
            unit.addnote(t.part_of_speech, origin="pos")
            list(unit.xmlelement.iter(unit.namespaced("termNote")))[-1].set(
                "type", "partOfSpeech")
        if t.note:
            unit.addnote(t.note)
        if t.do_not_translate:
            descrip = unit.xmlelement.makeelement(unit.namespaced("descrip"),
                                                  {"type": "Translation needed"})
            descrip.text = "no"
            unit.xmlelement.insert(0, descrip)
    return bytes(store)


def _do_not_translate(unit: Any) -> bool:
    for node in unit.xmlelement.iter(unit.namespaced("descrip")):
        if node.get("type") == "Translation needed":
            return (node.text or "").strip().lower() == "no"
    return False


def read_tbx(data: bytes, language: str) -> list[operations.TermData]:
    try:
        store = tbx.tbxfile(io.BytesIO(data))  # what tbxfile.parsestring does with bytes
    except Exception as error:  # noqa: BLE001  (lxml and the toolkit raise many kinds)
        raise OperationError(_("This is not a TBX file: %(error)s", error=str(error)[:200]),
                             "file") from None
    rows = []
    for number, unit in enumerate(store.units, start=1):
        targets = [t.text for t in unit.get_target_terms(language)] if hasattr(
            unit, "get_target_terms") else []
        translation = targets[0] if targets else (unit.target or "")
        pos = " ".join((unit.getnotes(origin="pos") or "").split())
        note = _plain_notes(unit)
        rows.append((number, operations.TermData(
            source=unit.source or "", translation=translation or "",
            part_of_speech=pos.lower(), note=note,
            do_not_translate=_do_not_translate(unit))))
    return _checked(rows, _("entry"))


def _plain_notes(unit: Any) -> str:
    tag = unit.namespaced("note")
    return "\n".join((n.text or "").strip() for n in unit.xmlelement.iter(tag) if n.text)


def _checked(rows: list[tuple[int, operations.TermData]], where: str
             ) -> list[operations.TermData]:
    if len(rows) > MAX_TERMS:
        raise OperationError(_("A glossary file holds at most %(count)s terms.",
                               count=MAX_TERMS), "file")
    cleaned = []
    for number, row in rows:
        try:
            cleaned.append(operations._clean(row))
        except OperationError as error:
            raise OperationError(f"{where} {number}: {error.message}", "file") from None
    return cleaned


def import_terms(language: str, data: bytes, filename: str, *, actor: Any) -> int:
    """Add or update every term of the file (CSV or TBX by its name), or none."""
    language = operations.validate_language(language)
    if len(data) > MAX_FILE:
        raise OperationError(_("The file is too large."), "file")
    if filename.lower().endswith(".tbx") or data.lstrip().startswith(b"<"):
        rows = read_tbx(data, language)
    else:
        rows = read_csv(data)
    for row in rows:
        operations.save_term(language, row, actor=actor, audited=False)
    audit.record("glossary.imported", "glossary", language,
                 after={"terms": len(rows), "file": filename[:200]}, actor=actor)
    return len(rows)
