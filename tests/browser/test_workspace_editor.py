"""The editor driven from the keyboard only: first field focused, a suggestion used with
Alt+1, Ctrl+Enter moving on, a failing save staying put with its findings, copy source,
a placeholder inserted with one keystroke, review and next without reload, the help."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.accounts import operations as accounts
from backoffice.core.db import db
from tests.browser.pages import PASSWORD, CatalogEditor, console_errors, sign_in
from tests.catalogs.french import french

pytestmark = pytest.mark.browser

HELLO = "Hello %(name)s, open <b>your rides</b>"


def _set_up(app: Flask, role: str = "translator", locales: Sequence[str] = ("fr_BE",)) -> None:
    with app.app_context():
        accounts.create_user("tina@example.com", role, PASSWORD, locales=locales)
        french()
        db.session.commit()


def test_keyboard_flow(live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app)
    errors = console_errors(page)
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "fr_BE").open()
    page.evaluate("window.__stillHere = true")
    first = editor.field("Search rides")
    expect(first).to_be_focused()
    expect(page.locator("#side-panel .use-suggestion").first).to_contain_text(
        "Rechercher un trajet")
    first.press("Alt+1")
    expect(first).to_have_value("Rechercher un trajet")
    first.press("Control+Enter")
    editor.expect_status("Search rides", "Saved")
    hello = editor.field(HELLO)
    expect(hello).to_be_focused()
    # A save failing a check stays on its message, with the findings.
    hello.fill("Bonjour, ouvrez vos trajets")
    hello.press("Control+Enter")
    expect(editor.message(HELLO).locator(".finding.error").first).to_be_visible()
    expect(hello).to_be_focused()
    # Copy the source, then rebuild it with one keystroke per placeholder and tag.
    hello.press("Alt+c")
    expect(hello).to_have_value(HELLO)
    hello.fill("Bonjour ")
    hello.press("End")
    hello.press("Alt+Shift+1")
    hello.type(", ouvrez ")
    hello.press("Alt+Shift+2")
    hello.type("vos trajets")
    hello.press("Alt+Shift+3")
    expect(hello).to_have_value("Bonjour %(name)s, ouvrez <b>vos trajets</b>")
    hello.press("Control+Enter")
    expect(editor.message(HELLO).locator(".badge.state")).to_have_text("Translated")
    expect(editor.field("Book")).to_be_focused()
    # The keyboard help opens outside a field and closes with Escape.
    page.locator("h1").click()
    page.keyboard.press("?")
    expect(page.locator("#keyboard-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#keyboard-help")).to_be_hidden()
    assert page.evaluate("window.__stillHere") is True
    assert errors == []


def test_review_and_next_without_reload(live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app, role="reviewer", locales=("fr_FR",))
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "fr_FR").open()
    page.evaluate("window.__stillHere = true")
    editor.message("Search rides").locator("button.review").click()
    expect(editor.message("Search rides").locator(".badge.state")).to_have_text("Reviewed")
    expect(editor.field(HELLO)).to_be_focused()
    editor.field(HELLO).press("Control+Shift+Enter")
    expect(editor.message(HELLO).locator(".badge.state")).to_have_text("Reviewed")
    expect(editor.field("Book")).to_be_focused()
    assert page.evaluate("window.__stillHere") is True
