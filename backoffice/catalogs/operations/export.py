"""Writing a catalog back as a file: byte-identical to the import when nothing was edited."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from backoffice.catalogs import inheritance
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import records
from backoffice.catalogs.operations.queries import catalog_messages
from backoffice.catalogs.operations.rules import DONE_STATES
from backoffice.catalogs.po import writer
from backoffice.catalogs.po.model import PoFile
from backoffice.core.files import inside, write_atomically


def export_bytes(catalog: Catalog, *, flatten: bool = False) -> bytes:
    """The catalog as a file: byte-identical to the import when nothing was edited.

    A variant locale exports its own overrides only, or with ``flatten`` its parent's
    translations filled in where it has none.
    """
    return writer.serialize(export_file(catalog, flatten=flatten))


def compile_input(catalog: Catalog) -> tuple[bytes, list[str]]:
    """The file to compile (variant flattened) and what was left out of it, and why.

    Obsolete entries that repeat an active message are kept in exports (they are in the
    file) but left out here: msgfmt refuses the duplicate, and gettext never reads
    obsolete entries anyway.
    """
    po = export_file(catalog, flatten=True)
    active = {e.key for e in po.entries if not e.obsolete}
    skipped = [e for e in po.entries if e.obsolete and e.key in active]
    po.entries = [e for e in po.entries if not (e.obsolete and e.key in active)]
    warnings = [
        _("obsolete message %(msgid)s repeats an active one: left out of the compiled "
          "catalog", msgid=repr(e.msgid[:60]))
        for e in skipped
    ]
    return writer.serialize(po), warnings


def export_file(catalog: Catalog, *, flatten: bool = False) -> PoFile:
    """The catalog rebuilt from its rows, as :func:`export_bytes` writes it."""
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
