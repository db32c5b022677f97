"""The console's own translations cannot be replaced through the product's catalog tools.

Closes HTML injection into every page of the console through its ``backoffice`` domain:
it is not a product catalog (never imported, pushed, updated, compiled or served), and a
translation in it is text, escaped like any other, whoever wrote the catalog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from tests.catalogs import workspace
from tests.support.fixture_types import MakeUser, SignedIn

PO = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
     b'msgid "Dashboard"\nmsgstr "<a href=\\"https://evil.example\\">Log in again</a>"\n'


def test_the_console_domain_is_refused_everywhere(
        app: Flask, client: FlaskClient, db: Session, make_user: MakeUser,
        signed_in: SignedIn) -> None:
    _row, clear = tokens.create_token(make_user("admin"), "ci")
    bearer = {"Authorization": f"Bearer {clear}"}
    imported = client.post("/api/v1/admin/catalogs/backoffice/fr/import", headers=bearer,
                           data=PO)
    assert imported.status_code == 400
    assert "ship with the code" in imported.get_json()["error"]
    template = Path(app.config["LOCALES_DIR"]) / "backoffice.pot"
    pushed = client.post("/api/v1/admin/catalogs/backoffice/template", headers=bearer, data=PO)
    assert pushed.status_code == 400 and not template.exists()
    signed_in("admin")
    upload = workspace.upload(client, PO, "fr", filename="backoffice.po", domain="backoffice")
    assert upload.status_code == 400
    assert client.post("/catalogs/backoffice/update-from-template").status_code == 302
    assert db.query(Catalog).count() == 0
    assert client.get("/api/v1/catalogs/backoffice/fr.json").status_code == 404


def test_compile_leaves_the_console_catalog_alone(app: Flask, db: Session) -> None:
    # A console catalog stored before this rule existed is still never compiled.
    catalogs.import_file("app", "fr_FR", PO, filename="fr.po")
    db.query(Catalog).update({Catalog.domain: "backoffice"})
    db.commit()
    result = app.test_cli_runner().invoke(args=["catalogs", "compile"])
    assert result.exit_code == 0, result.output
    assert "Compiled 0 catalogs." in result.output
    assert not list(Path(app.config["LOCALES_DIR"]).glob("*/LC_MESSAGES/backoffice.mo"))


def _translate(app: Flask, monkeypatch: pytest.MonkeyPatch, texts: tuple[str, ...],
               translation: str) -> None:
    """Make the console's catalog translate each of ``texts`` as ``translation``."""
    from flask_babel import get_translations

    with app.test_request_context():
        translations = get_translations()
    monkeypatch.setattr(type(translations), "ugettext",
                        lambda self, text: translation if text in texts else text)


def test_a_console_translation_is_text_not_markup(
        app: Flask, client: FlaskClient, signed_in: SignedIn,
        monkeypatch: pytest.MonkeyPatch) -> None:
    signed_in("viewer")
    _translate(app, monkeypatch, ("Dashboard",), "<b>Tableau</b>")
    page = client.get("/").get_data(as_text=True)
    assert "&lt;b&gt;Tableau&lt;/b&gt;" in page and "<b>Tableau</b>" not in page


def test_lazy_translations_are_text_too(
        app: Flask, client: FlaskClient, signed_in: SignedIn,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Lazy strings (menus, form labels) are escaped like the rest."""
    signed_in("admin")
    _translate(app, monkeypatch, ("Countries", "Reason"), "<i>x</i>")
    page = client.get("/countries/new?code=NL").get_data(as_text=True)
    assert "<i>x</i>" not in page and "&lt;i&gt;x&lt;/i&gt;" in page


def test_no_module_uses_the_markup_lazy_strings() -> None:
    root = Path(__file__).resolve().parents[2] / "backoffice"
    offenders = [str(path) for path in root.rglob("*.py")
                 if "flask_babel import lazy_gettext" in path.read_text(encoding="utf-8")]
    assert offenders == []
