"""Machine suggestions and pre-filled drafts: memory first, machine second, one batch."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.errors import OperationError
from backoffice.memory import drafts, lookup, machine
from backoffice.memory.models import MachineTranslationSettings
from connectors.machine_translation.local_deepl.server import DEMO_KEY, LocalDeepL
from tests.support.fixture_types import CatalogOf, MakeUser, SignedIn


@pytest.fixture
def deepl_on(db: Session, deepl_server: LocalDeepL) -> LocalDeepL:
    machine.configure(server_url=deepl_server.url, api_key=DEMO_KEY, enabled=True)
    return deepl_server


def _texts(db: Session, catalog: Catalog) -> dict[str, tuple[str, list[str]]]:
    return {m.msgid: (m.state, list(m.translations)) for m in db.scalars(
        select(Message).where(Message.catalog_id == catalog.id))}


def test_off_by_default(db: Session, catalog_of: CatalogOf) -> None:
    assert machine.enabled() is False
    catalog = catalog_of("pl_PL", [("Book a seat", "")])
    result = drafts.prefill(catalog)
    assert (result.from_memory, result.from_machine, result.left) == (0, 0, 1)


def test_key_is_encrypted_and_audited_by_its_hint_only(db: Session, deepl_on: LocalDeepL) -> None:
    row = db.scalar(select(MachineTranslationSettings))
    assert DEMO_KEY not in row.api_key_encrypted and row.api_key_hint == DEMO_KEY[-4:]
    events = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "memory.machine_configured")).all()
    assert events and all(DEMO_KEY not in str(e.after) for e in events)
    with pytest.raises(OperationError, match="API key again"):
        machine.configure(server_url="https://api.deepl.com", api_key=None, enabled=True)
    with pytest.raises(OperationError):
        machine.configure(server_url="https://evil.example", api_key="x" * 20, enabled=True)


def test_prefill_memory_first_then_machine_then_revert(
        db: Session, catalog_of: CatalogOf, make_user: MakeUser, deepl_on: LocalDeepL) -> None:
    catalog_of("pl_PL", [("Book a seat", "Zarezerwuj miejsce")], domain="web")
    catalog = catalog_of("pl_PL", [("Book a seat", ""), ("Your ride", ""), ("Done", "Gotowe")])
    user = make_user("launch_manager")
    result = drafts.prefill(catalog, actor=user)
    assert (result.from_memory, result.from_machine, result.batch.changed_count) == (1, 1, 2)
    assert _texts(db, catalog) == {
        "Book a seat": ("draft", ["Zarezerwuj miejsce"]),
        "Your ride": ("draft", ["[PL] Your ride"]),
        "Done": ("translated", ["Gotowe"]),
    }
    # Drafts are not published: the memory does not learn machine text.
    assert lookup.lookup("pl", "Your ride") == []
    assert catalog.draft_count == 2
    catalogs.revert_batch(result.batch, actor=user, reason="too early")
    assert _texts(db, catalog)["Your ride"] == ("untranslated", [""])
    assert _texts(db, catalog)["Book a seat"] == ("untranslated", [""])
    assert catalog.draft_count == 0


def test_machine_suggestion_for_a_translator(
        client: FlaskClient, signed_in: SignedIn, db: Session, catalog_of: CatalogOf,
        deepl_on: LocalDeepL) -> None:
    catalog = catalog_of("pl_PL", [("Book a seat", "")])
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id))
    signed_in("translator", locales=("pl_PL",))
    assert client.get(f"/memory/api/messages/{message.id}").get_json()["machine"] is True
    body = client.post(f"/memory/api/messages/{message.id}/machine").get_json()
    assert body == {"provider": "DeepL", "translations": ["[PL] Book a seat"],
                    "source": "Book a seat"}
    # A suggestion changes nothing.
    assert _texts(db, catalog)["Book a seat"] == ("untranslated", [""])


def test_machine_down_is_a_clear_answer(
        client: FlaskClient, signed_in: SignedIn, db: Session, catalog_of: CatalogOf) -> None:
    machine.configure(server_url="http://127.0.0.1:9", api_key=DEMO_KEY, enabled=True)
    catalog = catalog_of("pl_PL", [("Book a seat", "")])
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id))
    signed_in("translator", locales=("pl_PL",))
    response = client.post(f"/memory/api/messages/{message.id}/machine")
    assert response.status_code == 502
    assert "No machine suggestion" in response.get_json()["error"]


def test_prefill_route_and_api_respect_scopes(
        client: FlaskClient, signed_in: SignedIn, db: Session, catalog_of: CatalogOf,
        make_user: MakeUser, deepl_on: LocalDeepL) -> None:
    from backoffice.accounts import tokens

    catalog = catalog_of("pl_PL", [("Book a seat", "")])
    signed_in("translator", locales=("pl_PL",))
    assert client.post("/memory/prefill/app/pl_PL").status_code == 403
    _row, clear = tokens.create_token(make_user("launch_manager"), "ci")
    response = client.post("/api/v1/admin/catalogs/app/pl_PL/prefill",
                           headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["from_machine"] == 1
    assert _texts(db, catalog)["Book a seat"] == ("draft", ["[PL] Book a seat"])


def test_settings_page_for_admins_only(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    assert client.get("/memory/machine").status_code == 403
    client.post("/logout")
    signed_in("admin")
    assert client.get("/memory/").status_code == 200
    response = client.post("/memory/machine", data={
        "server_url": "https://api.deepl.com", "api_key": "a-real-looking-key-1234",
        "enabled": "y"})
    assert response.status_code == 302
    assert machine.enabled() is True
    page = client.get("/memory/machine").get_data(as_text=True)
    assert "a-real-looking-key-1234" not in page and "1234" in page
