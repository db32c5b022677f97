"""Helpers shared by the translation workspace tests (catalogs in the database)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.db import db
from backoffice.countries.models import Locale

REPO = Path(__file__).resolve().parents[2]


def corpus_dir() -> Path | None:
    """``<repo>/../shared/corpus/po`` (or CORPUS_DIR); a worktree also looks one level up."""
    if os.environ.get("CORPUS_DIR"):
        return Path(os.environ["CORPUS_DIR"])
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "corpus" / "po"
        if candidate.is_dir():
            return candidate
    return None


def corpus_files() -> list[Path]:
    folder = corpus_dir()
    if folder is None:
        return []
    return sorted([*folder.glob("*/*.po"), *folder.glob("*/*.pot")])


needs_corpus = pytest.mark.skipif(corpus_dir() is None, reason="translation corpus not present")

PL_HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: carpool 1.0\\n"\n'
    '"Language: pl_PL\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
    '"X-Generator: Weblate 5.7\\n"\n'
)

FR_HEADER = PL_HEADER.replace("pl_PL", "fr_FR").replace(
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=2; plural=(n > 1);",
)

SMALL_PL = PL_HEADER + '''
#. Translators: a button.
#: app/search.py:10
msgid "Search rides"
msgstr "Szukaj przejazdów"

#: app/search.py:12
#, python-format
msgid "%(count)s seat left"
msgid_plural "%(count)s seats left"
msgstr[0] "Zostało %(count)s miejsce"
msgstr[1] "Zostały %(count)s miejsca"
msgstr[2] "Zostało %(count)s miejsc"

msgctxt "button"
msgid "Book"
msgstr ""

#, fuzzy
#| msgid "Offer a ride"
msgid "Offer a ride now"
msgstr "Zaproponuj przejazd"

#, python-format
msgid "Price: %(price)s"
msgstr ""

msgid "Leaving from"
msgstr ""

#~ msgid "Old message"
#~ msgstr "Stara wiadomość"
'''


def locale(code: str, parent: str | None = None) -> Locale:
    row = db.session.get(Locale, code)
    if row is None:
        row = Locale(code=code, parent_code=parent)
        db.session.add(row)
    else:
        row.parent_code = parent
    db.session.flush()
    return row


def import_text(text: str, locale_code: str = "pl_PL", domain: str = "app",
                **kwargs: Any) -> operations.ImportResult:
    return operations.import_file(domain, locale_code, text.encode("utf-8"), **kwargs)


def message(catalog: Catalog, msgid: str, msgctxt: str | None = None) -> Message:
    """The catalog's live message of that id; a test asking for one it lacks stops here."""
    from sqlalchemy import select

    from backoffice.catalogs.models import Message

    found = db.session.scalar(
        select(Message).where(Message.catalog_id == catalog.id, Message.msgid == msgid,
                              Message.msgctxt.is_(None) if msgctxt is None
                              else Message.msgctxt == msgctxt,
                              Message.obsolete.is_(False))
    )
    if found is None:
        raise LookupError(f"{catalog.locale_code} has no message {msgid!r} ({msgctxt!r})")
    return found


def export_fresh(catalog: Catalog, **kwargs: Any) -> bytes:
    """Export after forgetting everything in memory: the bytes come from the database."""
    db.session.flush()
    db.session.expire_all()
    return operations.export_bytes(catalog, **kwargs)


def upload(client: FlaskClient, data: bytes, locale_code: str, *, filename: str,
           domain: str = "app", mode: str = "fill") -> TestResponse:
    """Post a file to the console's upload form."""
    return client.post("/catalogs/upload", data={
        "domain": domain, "locale": locale_code, "mode": mode,
        "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
