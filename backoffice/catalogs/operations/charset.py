"""A catalog's charset: UTF-8 when its own cannot hold its text."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from backoffice.audit import operations as audit
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import records
from backoffice.catalogs.po import charsets
from backoffice.catalogs.po.model import PoFile
from backoffice.core.db import db
from backoffice.core.errors import OperationError


def utf8_if_needed(po: PoFile) -> str | None:
    """Convert ``po`` to UTF-8 when its charset cannot write its text; the old charset."""
    charset = charsets.output_charset(po)
    texts = (text for e in po.entries
             for text in (e.msgid, e.msgid_plural or "", e.msgctxt or "", *e.translations,
                          *e.translator_comments, *e.extracted_comments))  # fmt: skip
    if not charsets.unwritable(texts, charset):
        return None
    return charsets.convert_to_utf8(po)


def convert_to_utf8(catalog: Catalog, *, actor: Any = None, reason: str = "") -> str:
    """Declare UTF-8 in the catalog's header, so that it can hold any text; the old charset.

    Only the Content-Type line of the header changes: every entry keeps its text.
    """
    po = records.rebuild_file(catalog, [])
    old = charsets.convert_to_utf8(po)
    if old is None:
        raise OperationError(_("This catalog is already in UTF-8."))
    catalog.header_raw, _trailing, catalog.style = records.file_data(po)
    db.session.flush()
    audit.record(
        "catalog.converted_to_utf8", "catalog", f"{catalog.domain}/{catalog.locale_code}",
        before={"charset": old}, after={"charset": "UTF-8"}, reason=reason, actor=actor,
    )
    return old
