"""The only mapping between a file's entries and the catalog's rows.

An entry becomes a row (:func:`row`, :func:`apply_entry`), a row becomes an entry record
again (:func:`entry_record`), and the catalog's columns hold the file's header and style
(:func:`file_data`, :func:`rebuild_file`). The fields a row keeps under the entry's own
names are ``MESSAGE_FIELDS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from backoffice.catalogs.models import Catalog, Message, State, near_key, source_key
from backoffice.catalogs.operations import rules
from backoffice.catalogs.plurals import PluralRule
from backoffice.catalogs.po import records
from backoffice.catalogs.po.model import MESSAGE_FIELDS, PoEntry, PoFile, fields_reader
from backoffice.core import bulk
from backoffice.core.db import db, utcnow

_INSERT_CHUNK = bulk.ROWS_PER_STATEMENT

# The entry fields a message row keeps under the same names, lists copied.
copied_fields = fields_reader(MESSAGE_FIELDS)

# A stored message as the file side reads it: the object, or a plain row of its columns.
Stored = Message | Row[Any]


def entry_record(message: Stored, forms: Sequence[str] | None = None) -> dict[str, Any]:
    """The message as an entry record (see ``po.records``), with ``forms`` as its text."""
    forms = list(message.translations if forms is None else forms)
    record = copied_fields(message)
    plural = message.msgid_plural is not None
    record["msgstr"] = "" if plural else (forms[0] if forms else "")
    record["msgstr_plural"] = forms if plural else []
    record["raw"] = message.raw
    return record


def unedited(raw: str | None, version: int) -> bool:
    """Whether a message's stored text (``raw``) still says exactly what its fields hold, so that
    it is written back as it is: a row is written at version 1 from the entry its text was
    read into, and every later change of its fields (an edit, a review, a template
    update) raises the version."""
    return raw is not None and version == 1


def row(
    catalog_id: int, position: int, entry: PoEntry, rule: PluralRule | None,
    now: datetime, *, check: bool = True, search_pending: bool = False,
) -> dict[str, Any]:
    """The message row of a new entry (``search_pending``: see ``search_index``)."""
    forms = entry.translations
    state = rules.state_of(forms, entry.fuzzy)
    found = (
        rules.findings(entry.msgid, entry.msgid_plural, forms, entry.flags, rule)
        if check and not entry.obsolete else []
    )
    return {
        **copied_fields(entry),
        "catalog_id": catalog_id,
        "position": position,
        "source_key": source_key(entry.msgctxt, entry.msgid),
        "near_key": near_key(entry.msgid),
        "raw": entry.raw,
        "translations": forms,
        "search_text": rules.search_text(
            entry.msgctxt, entry.msgid, entry.msgid_plural, forms,
            entry.translator_comments, entry.extracted_comments,
        ),
        "search_pending": search_pending,
        "state": state.value,
        "failing": rules.failing(found),
        "findings": found,
        "version": 1,
        "updated_at": now,
    }


def insert_rows(rows: Iterable[dict[str, Any]]) -> None:
    bulk.insert_rows(db.session.connection(), Message.__table__, rows, chunk=_INSERT_CHUNK)


def apply_entry(message: Message, entry: PoEntry, position: int, rule: PluralRule) -> None:
    """Make an existing row hold ``entry`` (a template update), at ``position``."""
    forms = entry.translations
    new = copied_fields(entry)
    if copied_fields(message) == new and list(message.translations) == forms \
            and message.position == position:
        return
    new_formats = rules.format_flags(entry.flags) - rules.format_flags(message.flags or [])
    message.position = position
    for name, value in new.items():
        setattr(message, name, value)
    message.source_key = source_key(entry.msgctxt, entry.msgid)
    message.near_key = near_key(entry.msgid)
    message.raw = entry.raw
    state = rules.state_of(forms, entry.fuzzy)
    if message.state == State.REVIEWED.value and state == State.TRANSLATED:
        state = State.REVIEWED
    message.translations = forms
    message.findings = rules.findings(entry.msgid, entry.msgid_plural, forms, entry.flags,
                                      rule)
    message.failing = rules.failing(message.findings)
    if state in (State.TRANSLATED, State.REVIEWED) and rules.fails_new_format(
            message.findings, new_formats):
        # The template marked the source as a format string the translation fails: a
        # draft, as msgmerge makes it fuzzy, so that the catalog still passes msgfmt -c.
        state = State.DRAFT
        message.flags = ["fuzzy", *message.flags]
    message.state = state.value
    message.search_text = rules.search_text(
        entry.msgctxt, entry.msgid, entry.msgid_plural, forms,
        entry.translator_comments, entry.extracted_comments,
    )
    message.version += 1
    message.updated_at = utcnow()


# --- the file around the entries --------------------------------------------------------


def file_data(po: PoFile) -> tuple[str | None, str, dict[str, Any]]:
    """The file's raw header, trailing text and style, as the catalog's columns keep them."""
    record = po.file_record()
    header = record.pop("header")
    trailing = record.pop("trailing")
    header_raw = None
    if header is not None:
        header_raw = header.pop("raw")
    record["header"] = header
    return header_raw, trailing, record


def rebuild_file(catalog: Catalog, messages: Iterable[Stored]) -> PoFile:
    """The catalog's file from its columns, with ``messages`` as its entries."""
    style = dict(catalog.style or {})
    header = style.pop("header", None)
    if header is not None:
        header = {**header, "raw": catalog.header_raw}
    style.setdefault("newline", "\n")
    po = records.file_from_records(
        {**style, "header": header, "trailing": catalog.trailing_text}, [])
    po.entries = [file_entry(m) for m in messages]
    return po


def file_entry(message: Stored, forms: Sequence[str] | None = None,
               *, drop_fuzzy: bool = False) -> PoEntry:
    """The message as a file entry (with ``forms`` as its text when given)."""
    record = entry_record(message, forms)
    if drop_fuzzy:
        record["flags"] = [f for f in record["flags"] if f != "fuzzy"]
    as_stored = forms is None and not drop_fuzzy and unedited(message.raw, message.version)
    return records.entry_from_record(record, unedited=as_stored)
