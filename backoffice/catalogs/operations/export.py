"""Writing a catalog back as a file: byte-identical to the import when nothing was edited."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.catalogs import inheritance
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import records
from backoffice.catalogs.operations.queries import catalog_messages
from backoffice.catalogs.operations.rules import DONE_STATES
from backoffice.catalogs.po import charsets, writer
from backoffice.catalogs.po.model import PoFile
from backoffice.core.db import db
from backoffice.core.files import inside, write_atomically


def export_bytes(catalog: Catalog, *, flatten: bool = False) -> bytes:
    """The catalog as a file: byte-identical to the import when nothing was edited.

    A variant locale exports its own overrides only, or with ``flatten`` its parent's
    translations filled in where it has none. Unedited messages are written straight from
    their stored text; only the others are rebuilt as entries.
    """
    po, rows = _export_rows(catalog, flatten=flatten)
    return charsets.encode(po, writer.join_entries(po, [item for _row, item in rows]))


def compile_input(catalog: Catalog) -> tuple[bytes, list[str]]:
    """The file to compile (variant flattened) and what was left out of it, and why.

    Obsolete entries that repeat an active message are kept in exports (they are in the
    file) but left out here: msgfmt refuses the duplicate, and gettext never reads
    obsolete entries anyway.
    """
    po, rows = _export_rows(catalog, flatten=True, keys=True)
    active = {(r.msgctxt, r.msgid) for r, _item in rows if not r.obsolete}
    skipped = [r for r, _item in rows if r.obsolete and (r.msgctxt, r.msgid) in active]
    kept = [item for r, item in rows if not (r.obsolete and (r.msgctxt, r.msgid) in active)]
    warnings = [
        _("obsolete message %(msgid)s repeats an active one: left out of the compiled "
          "catalog", msgid=repr(r.msgid[:60]))
        for r in skipped
    ]
    return charsets.encode(po, writer.join_entries(po, kept)), warnings


# What deciding how to write a message needs; the whole row is read only for the others.
_BRIEF = (Message.id, Message.version, Message.raw)
_FILLS = (Message.obsolete, Message.state, Message.source_key)
_KEYS = (Message.msgctxt, Message.msgid)


def _export_rows(catalog: Catalog, *, flatten: bool, keys: bool = False
                 ) -> tuple[PoFile, list[tuple[Any, Any]]]:
    """The file around the entries, and each message (a brief row, with its key when
    ``keys``) with what to write for it: its stored text when unedited
    (:func:`records.unedited`), else an entry."""
    fills = inheritance.inherited_texts(catalog) if flatten else {}
    po = records.rebuild_file(catalog, [])
    brief = db.session.connection().execute(
        select(*_BRIEF, *(_FILLS if flatten else ()), *(_KEYS if keys else ()))
        .where(Message.catalog_id == catalog.id).order_by(Message.position)
    ).all()

    def filled(row: Any) -> bool:
        return bool(fills) and not row.obsolete and row.state not in DONE_STATES \
            and row.source_key in fills

    unedited = records.unedited
    rest = [r[0] for r in brief if not unedited(r[2], r[1]) or filled(r)]
    whole = _whole_rows(rest)
    out: list[tuple[Any, Any]] = []
    for row in brief:
        message = whole.get(row[0]) if whole else None
        if message is None:
            out.append((row, row[2]))
        elif filled(row) and len(fills[row.source_key]) == len(message.translations or [""]):
            out.append((row, records.file_entry(message, fills[row.source_key],
                                                drop_fuzzy=True)))
        else:
            out.append((row, records.file_entry(message)))
    return po, out


def _whole_rows(ids: list[int]) -> dict[int, Any]:
    table = Message.__table__
    found: dict[int, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found.update((r.id, r) for r in db.session.execute(
            select(table).where(table.c.id.in_(chunk))))
    return found


_CHUNK = 500


def export_file(catalog: Catalog, *, flatten: bool = False) -> PoFile:
    """The catalog rebuilt from its rows as entries (what :func:`export_bytes` writes)."""
    messages = catalog_messages(catalog)
    fills = inheritance.inherited_texts(catalog) if flatten else {}
    po = records.rebuild_file(catalog, [])
    for message in messages:
        if (fills and not message.obsolete and message.state not in DONE_STATES
                and message.source_key in fills
                and len(fills[message.source_key]) == len(message.translations or [""])):
            po.entries.append(records.file_entry(message, fills[message.source_key],
                                                 drop_fuzzy=True))
        else:
            po.entries.append(records.file_entry(message))
    return po


def export_to_dir(catalog: Catalog, locales_dir: str, *, flatten: bool = False,
                  output: str | None = None, actor: Any = None) -> str:
    """Write the catalog's file atomically (temporary file, then rename)."""
    path = output or str(inside(locales_dir, catalog.locale_code, "LC_MESSAGES",
                                f"{catalog.domain}.po"))
    write_atomically(path, export_bytes(catalog, flatten=flatten))
    return path
