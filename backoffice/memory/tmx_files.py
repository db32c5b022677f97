"""TMX import and export, read and written by translate-toolkit (``translate.storage.tmx``).

An export holds one language's units (optionally one locale's); each unit's note says
where it comes from. An import adds the file's units to the memory of each target
language it holds, as origin ``tmx`` with the file's name; a bad file changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.memory import feed, text
from backoffice.memory.models import ORIGIN_TMX, MemoryUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANGUAGE = "en"
MAX_UNITS = 200_000


def export_tmx(language: str, *, locale: str = "", domain: str = "") -> bytes:
    from translate.storage.tmx import tmxfile

    language = text.language_of(language)
    if not language:
        raise OperationError(_("Choose a language to export."), "language")
    query = select(MemoryUnit).where(MemoryUnit.language == language)
    if locale:
        query = query.where(MemoryUnit.locale_code == locale)
    if domain:
        query = query.where(MemoryUnit.domain == domain)
    store = tmxfile(sourcelanguage=SOURCE_LANGUAGE, targetlanguage=language)
    for unit in db.session.scalars(query.order_by(MemoryUnit.id)):
        store.addtranslation(unit.source, SOURCE_LANGUAGE, unit.target,
                             unit.locale_code.replace("_", "-"), comment=_origin_note(unit))
    return bytes(store)


def _origin_note(unit: MemoryUnit) -> str:
    if unit.origin == ORIGIN_TMX:
        return f"tmx {unit.origin_name}".strip()
    return f"{unit.domain}/{unit.locale_code}"


@dataclass
class TmxImport:
    added: int
    skipped: int
    languages: list[str]


def _read(data: bytes) -> Any:
    from lxml import etree
    from translate.storage.tmx import tmxfile

    if b"<!ENTITY" in data[:4096].upper():
        raise OperationError(_("This TMX file declares entities, which are refused."), "file")
    try:
        return tmxfile(io.BytesIO(data))  # what tmxfile.parsestring does with bytes
    except (etree.XMLSyntaxError, ValueError, TypeError, AttributeError) as error:
        raise OperationError(
            _("This is not a TMX file that can be read: %(error)s", error=str(error)[:200]),
            "file") from None


def import_tmx(data: bytes, *, filename: str = "", domain: str = "", actor: Any = None,
               source_language: str = SOURCE_LANGUAGE) -> TmxImport:
    store = _read(data)
    source_lang = text.language_of(store.sourcelanguage or source_language)
    rows: list[dict[str, Any]] = []
    skipped = 0
    for unit in store.units:
        pairs = _language_texts(unit)
        source = next((t for lang, t in pairs if text.language_of(lang) == source_lang), None)
        if not source:
            skipped += 1
            continue
        for lang, target in pairs:
            language = text.language_of(lang)
            if language == source_lang or not target or not language:
                continue
            rows.append(feed.unit_row(
                language=language, locale_code=lang.replace("-", "_")[:35], domain=domain,
                source=source, translations=[target], origin=ORIGIN_TMX,
                origin_name=filename))
        if len(rows) > MAX_UNITS:
            raise OperationError(_("This TMX file holds more than %(count)s units.",
                                   count=MAX_UNITS), "file")
    feed.insert_units(rows)
    languages = sorted({r["language"] for r in rows})
    audit.record("memory.tmx_imported", "memory", filename or "tmx",
                 after={"file": filename, "units": len(rows), "skipped": skipped,
                        "languages": languages}, actor=actor)
    return TmxImport(len(rows), skipped, languages)


def _language_texts(unit: Any) -> list[tuple[str, str]]:
    pairs = []
    for node in unit.getlanguageNodes():
        lang = node.get(XML_LANG) or node.get("lang") or ""
        seg = unit.getNodeText(node)
        pairs.append((lang.strip(), seg or ""))
    return pairs
