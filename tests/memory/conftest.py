"""Catalogs whose published texts feed the memory."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from tests.support.fixture_types import CatalogOf

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


def po(entries: list[tuple[str, str]], *, fuzzy: tuple[str, ...] = ()) -> bytes:
    parts = [HEADER]
    for msgid, msgstr in entries:
        flag = "#, fuzzy\n" if msgid in fuzzy else ""
        parts.append(f'{flag}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n')
    return "".join(parts).encode()


@pytest.fixture
def catalog_of(db: Session) -> CatalogOf:
    def make(locale: str, entries: list[tuple[str, str]], *, domain: str = "app",
             fuzzy: tuple[str, ...] = ()) -> Catalog:
        result = catalogs.import_file(domain, locale, po(entries, fuzzy=fuzzy),
                                      filename=f"{locale}.po")
        db.flush()
        return result.catalog

    return make
