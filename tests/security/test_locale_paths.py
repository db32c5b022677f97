"""Locale ids and file names cannot reach outside their folder or into a header.

Closes path traversal through a locale id's ``@modifier`` (compile and export writing
outside ``locales/``), header injection through ``Content-Disposition`` and a carriage
return in an id making its export a permanent 500.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.core.errors import OperationError
from backoffice.core.files import OutsideFolderError, inside
from backoffice.core.http import attachment
from tests.support.fixture_types import SignedIn

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "A"\nmsgstr "B"\n'


@pytest.mark.parametrize("locale", ["pl@/../../../sx", "pl_PL@x; filename*=x", "pl_PL\r"])
def test_hostile_locale_ids_are_refused_at_the_door(db: Session, locale: str) -> None:
    with pytest.raises(OperationError, match="is not a locale id|unknown modifier"):
        catalogs.import_file("app", locale, PO, filename="x.po")


def test_paths_are_checked_to_stay_inside_their_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "pl_PL", "LC_MESSAGES", "app.po") == (
        tmp_path.resolve() / "pl_PL" / "LC_MESSAGES" / "app.po")
    for parts in (("..", "etc"), ("pl", "..", "..", "x"), ("a/b",), ("",)):
        with pytest.raises(OutsideFolderError):
            inside(tmp_path, *parts)


def test_the_download_name_cannot_break_the_header() -> None:
    header = attachment('app-pl_PL"; filename*=evil\r\nX: 1.po')["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="app-pl_PL_filename_evil_X_1.po"; ')
    assert header.endswith("filename*=UTF-8''app-pl_PL%22%3B%20filename%2A%3Devil%0D%0AX%3A%201.po")


def test_an_id_the_team_uses_is_the_id_it_exports_under(
        app: Flask, db: Session, signed_in: SignedIn, client: FlaskClient) -> None:
    catalogs.import_file("app", "zh_CN", PO, filename="zh.po")
    catalogs.import_file("app", "sr_RS@latin", PO, filename="sr.po")
    assert catalogs.get_catalog("app", "zh_CN").locale_code == "zh_CN"
    path = catalogs.export_to_dir(catalogs.get_catalog("app", "sr_RS@latin"),
                                  app.config["LOCALES_DIR"])
    assert Path(path) == Path(app.config["LOCALES_DIR"]).resolve() / "sr_RS@latin" / (
        "LC_MESSAGES") / "app.po"
    signed_in("admin")
    response = client.get("/catalogs/app/zh_CN/export")
    assert response.status_code == 200
    assert 'filename="app-zh_CN.po"' in response.headers["Content-Disposition"]
