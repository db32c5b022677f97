"""Country and locale scope is declared on each route and enforced in one place.

Closes the class of a scoped person acting outside their countries or locales: a launch
manager limited to PL overwriting France's live text, reverting anyone's import, pushing
a template that reaches every country; a translator reading or exporting another
locale. A route that changes anything without declaring its scope is refused by the same
mechanism that refuses a route without a permission.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, ImportBatch, Message
from backoffice.core.permissions import (
    SAFE_METHODS,
    Permission,
    declared_access,
    declared_scope,
    requires,
)
from backoffice.countries.models import Locale
from tests.catalogs import workspace
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn

PO = (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      b'msgid "Book"\nmsgstr "%s"\n')


def _po(text: str) -> bytes:
    return PO.replace(b"%s", text.encode())


@pytest.fixture
def europe(db: Session, make_country: MakeCountry) -> None:
    """France (fr_FR), Belgium (fr_BE on fr_FR) and Poland (pl_PL), all live."""
    make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris", currency="EUR")
    make_country("BE", stage="live", locales=("fr_BE",), timezone="Europe/Brussels",
                 currency="EUR")
    make_country("PL", stage="live")
    db.get(Locale, "fr_BE").parent_code = "fr_FR"
    for locale in ("fr_FR", "fr_BE", "pl_PL"):
        catalogs.import_file("app", locale, _po(f"{locale} text"), filename="x.po")
    db.flush()


def _bearer(make_user: MakeUser, role: str, **scope: Any) -> dict[str, str]:
    _row, clear = tokens.create_token(make_user(role, **scope), "ci")
    return {"Authorization": f"Bearer {clear}"}


def test_every_route_that_writes_declares_its_scope(app: Flask) -> None:
    undeclared = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        writes = set(rule.methods or ()) - SAFE_METHODS
        if writes and declared_access(view) != "public" and declared_scope(view) is None:
            undeclared.append(rule.rule)
    assert undeclared == []


def test_a_route_that_writes_without_a_scope_is_refused(
        app: Flask, client: FlaskClient, signed_in: SignedIn) -> None:
    @requires(Permission.DASHBOARD_READ)
    def careless() -> str:
        return "changed"

    app.add_url_rule("/careless", "careless", careless, methods=["GET", "POST"])
    signed_in("admin")
    assert client.get("/careless").status_code == 200
    assert client.post("/careless").status_code == 403


def test_a_scoped_launch_manager_cannot_write_another_countrys_text(
        client: FlaskClient, db: Session, europe: None, make_user: MakeUser) -> None:
    pl_only = _bearer(make_user, "launch_manager", countries=("PL",))
    refused = client.post("/api/v1/admin/catalogs/app/fr_FR/import?mode=overwrite",
                          headers=pl_only, data=_po("Hacked"))
    assert refused.status_code == 403 and "fr_FR" in refused.get_json()["error"]
    fr_text = db.query(Message).join(Catalog).filter(Catalog.locale_code == "fr_FR").one()
    assert fr_text.translations == ["fr_FR text"]
    allowed = client.post("/api/v1/admin/catalogs/app/pl_PL/import?mode=overwrite",
                          headers=pl_only, data=_po("Zarezerwuj"))
    assert allowed.status_code == 200, allowed.get_json()


def test_a_parent_locale_reaches_its_variants_countries(
        client: FlaskClient, db: Session, europe: None, make_user: MakeUser) -> None:
    # fr_FR's text is also Belgium's: a manager of France alone may not change it.
    fr_only = _bearer(make_user, "launch_manager", countries=("FR",))
    refused = client.post("/api/v1/admin/catalogs/app/fr_FR/import?mode=overwrite",
                          headers=fr_only, data=_po("Réserver"))
    assert refused.status_code == 403
    both = _bearer(make_user, "launch_manager", countries=("FR", "BE"))
    assert client.post("/api/v1/admin/catalogs/app/fr_FR/import?mode=overwrite",
                       headers=both, data=_po("Réserver")).status_code == 200


def test_a_scoped_launch_manager_cannot_revert_or_push_for_everyone(
        client: FlaskClient, db: Session, europe: None, signed_in: SignedIn,
        make_user: MakeUser) -> None:
    batch = db.query(ImportBatch).join(Catalog).filter(Catalog.locale_code == "fr_FR").one()
    pushed = client.post("/api/v1/admin/catalogs/app/template",
                         headers=_bearer(make_user, "launch_manager", countries=("PL",)),
                         data=_po(""))
    assert pushed.status_code == 403
    signed_in("launch_manager", countries=("PL",))
    assert client.post(f"/catalogs/imports/{batch.id}/revert",
                       data={"reason": "x"}).status_code == 403
    upload = workspace.upload(client, _po("Hacked"), "fr_FR", filename="fr.po",
                              mode="overwrite")
    assert upload.status_code == 403
    assert batch.reverted_at is None


def test_a_translator_reads_their_locale_and_its_parents_only(
        client: FlaskClient, db: Session, europe: None, signed_in: SignedIn,
        make_user: MakeUser) -> None:
    signed_in("translator", locales=("fr_BE",))
    assert client.get("/catalogs/app/fr_BE/").status_code == 200
    assert client.get("/catalogs/app/fr_FR/").status_code == 200  # the parent, read only
    assert client.get("/catalogs/app/fr_FR/export").status_code == 200
    assert client.get("/catalogs/app/pl_PL/").status_code == 403
    assert client.get("/catalogs/app/pl_PL/export").status_code == 403
    parent_message = db.query(Message).join(Catalog).filter(
        Catalog.locale_code == "fr_FR").one()
    saved = client.post(f"/catalogs/api/messages/{parent_message.id}",
                        json={"forms": ["Moi"], "version": parent_message.version})
    assert saved.status_code == 403
    other = db.query(Message).join(Catalog).filter(Catalog.locale_code == "pl_PL").one()
    assert client.get(f"/catalogs/api/messages/{other.id}/panel").status_code == 403
    api = _bearer(make_user, "translator", locales=("fr_BE",))
    assert client.get("/api/v1/admin/catalogs/app/pl_PL/export", headers=api).status_code == 403
    assert client.get("/api/v1/admin/catalogs/app/fr_BE/export", headers=api).status_code == 200
