"""The translation memory and machine drafts in a real browser: a translator uses a memory
match from the panel; a launch manager pre-fills drafts by machine and reverts the batch."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.accounts import operations as accounts
from backoffice.catalogs import operations
from backoffice.core.db import db
from backoffice.memory import machine
from connectors.machine_translation.local_deepl.server import DEMO_KEY, LocalDeepL
from tests.browser.pages import PASSWORD, CatalogEditor, console_errors, sign_in
from tests.catalogs.workspace import PL_HEADER, SMALL_PL, message

pytestmark = pytest.mark.browser

WEB_PL = PL_HEADER + '''
msgid "Book"
msgstr "Zarezerwuj teraz"
'''


def _set_up(app: Flask, deepl_url: str | None = None) -> None:
    with app.app_context():
        accounts.create_user("tina@example.com", "translator", PASSWORD, locales=("pl_PL",))
        accounts.create_user("lena@example.com", "launch_manager", PASSWORD)
        operations.import_file("web", "pl_PL", WEB_PL.encode())
        operations.import_file("app", "pl_PL", SMALL_PL.encode())
        if deepl_url:
            machine.configure(server_url=deepl_url, api_key=DEMO_KEY, enabled=True)
        db.session.commit()


def _stored(app: Flask, msgid: str, msgctxt: str | None = None) -> tuple[str, list[str]]:
    with app.app_context():
        found = message(operations.get_catalog("app", "pl_PL"), msgid, msgctxt)
        return found.state, list(found.translations)


def test_a_memory_match_is_used_from_the_panel(
        live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app)
    errors = console_errors(page)
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "pl_PL").open()
    editor.field("Book").focus()
    match = page.locator("#memory-panel .memory-match").first
    expect(match).to_contain_text("Zarezerwuj teraz")
    expect(match.locator(".memory-origin")).to_contain_text("web/pl_PL")
    match.locator("button.memory-use").click()
    expect(editor.field("Book")).to_have_value("Zarezerwuj teraz")
    editor.save("Book")
    editor.expect_status("Book", "Saved")
    assert _stored(live_app, "Book", "button") == ("translated", ["Zarezerwuj teraz"])
    assert errors == []


def test_machine_drafts_as_one_batch_then_reverted(
        live_app: Flask, live_server: str, page: Page, deepl_server: LocalDeepL) -> None:
    _set_up(live_app, deepl_server.url)
    sign_in(page, live_server, "lena@example.com")
    CatalogEditor(page, live_server, "app", "pl_PL").open()
    page.locator("button[data-prefill]").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "3 drafts written (1 from the memory, 2 by machine)")
    # Memory first (the web catalog's "Book"), the machine for the rest; drafts only.
    assert _stored(live_app, "Book", "button") == ("draft", ["Zarezerwuj teraz"])
    assert _stored(live_app, "Price: %(price)s") == ("draft", ["[PL] Price: %(price)s"])
    page.goto(f"{live_server}/catalogs/imports/")
    row = page.locator("table.imports tr", has_text="memory + machine")
    row.locator("input[name=reason]").fill("Drafts too early")
    row.locator("button[type=submit]").click()
    expect(page.locator("table.imports tr", has_text="memory + machine")).to_contain_text(
        "reverted")
    assert _stored(live_app, "Price: %(price)s") == ("untranslated", [""])
    assert _stored(live_app, "Book", "button") == ("untranslated", [""])
