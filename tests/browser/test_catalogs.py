"""Translators in a real browser: keyboard saving without reload, conflicts between two
people, and translations that look like code are only ever text."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.accounts import operations as accounts
from backoffice.catalogs import operations
from backoffice.core.db import db
from tests.browser.pages import PASSWORD, CatalogEditor, console_errors, sign_in
from tests.catalogs.workspace import SMALL_PL, message

pytestmark = pytest.mark.browser


def _set_up(
        app: Flask, po_text: str = SMALL_PL,
        users: Sequence[tuple[str, str]] = (("tina@example.com", "translator"),)) -> None:
    with app.app_context():
        for email, role in users:
            accounts.create_user(email, role, PASSWORD, locales=("pl_PL",))
        operations.import_file("app", "pl_PL", po_text.encode())
        db.session.commit()


def _stored(app: Flask, msgid: str, msgctxt: str | None = None) -> list[str]:
    with app.app_context():
        catalog = operations.get_catalog("app", "pl_PL")
        return list(message(catalog, msgid, msgctxt).translations)


def test_ctrl_enter_saves_without_reload_and_opens_the_next(
        live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app)
    errors = console_errors(page)
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "pl_PL").open()
    page.evaluate("window.__stillHere = true")
    editor.type_and_save_with_keyboard("Book", "Zarezerwuj")
    editor.expect_status("Book", "Saved")
    expect(editor.message("Book").locator(".badge.state")).to_have_text("Translated")
    # The next message's field has the focus, and the page was not reloaded.
    expect(editor.field("Offer a ride now")).to_be_focused()
    assert page.evaluate("window.__stillHere") is True
    assert _stored(live_app, "Book", "button") == ["Zarezerwuj"]
    expect(page.locator('#catalog-progress [data-counter="translated"]')).to_have_text("3")
    assert errors == []  # no CSP violation, no script error


def test_two_people_editing_the_same_message_lose_nothing(
        live_app: Flask, live_server: str, page: Page, browser: Browser) -> None:
    _set_up(live_app, users=(("ana@example.com", "translator"), ("ben@example.com", "translator")))
    sign_in(page, live_server, "ana@example.com")
    ana = CatalogEditor(page, live_server, "app", "pl_PL").open()
    context = browser.new_context(locale="en-US")
    other = context.new_page()
    other.set_default_timeout(15000)
    sign_in(other, live_server, "ben@example.com")
    ben = CatalogEditor(other, live_server, "app", "pl_PL").open()

    ana.field("Book").fill("Zarezerwuj")
    ana.save("Book")
    ana.expect_status("Book", "Saved")

    ben.field("Book").fill("Rezerwuję miejsce")
    ben.save("Book")
    conflict = ben.message("Book").locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".theirs")).to_have_text("Zarezerwuj")
    expect(ben.field("Book")).to_have_value("Rezerwuję miejsce")  # what Ben typed is kept
    assert _stored(live_app, "Book", "button") == ["Zarezerwuj"]

    conflict.locator("button.keep-mine").click()
    ben.expect_status("Book", "Saved")
    expect(conflict).to_have_count(0)
    assert _stored(live_app, "Book", "button") == ["Rezerwuję miejsce"]
    context.close()


def test_script_in_a_translation_is_text_and_never_runs(
        live_app: Flask, live_server: str, page: Page) -> None:
    hostile = '<script>window.__owned = 1</script>'
    _set_up(live_app, SMALL_PL.replace('"Szukaj przejazdów"', f'"{hostile}"'))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "pl_PL").open()
    expect(editor.field("Search rides")).to_have_value(hostile)
    # Saved through the page, shown again through the side panel and the history.
    img = '<img src=x onerror="window.__owned = 2">'
    editor.field("Leaving from").fill(img)
    editor.save("Leaving from")
    editor.expect_status("Leaving from", "Saved")
    editor.field("Leaving from").focus()
    expect(page.locator('#side-panel [data-field="history"]')).to_contain_text(img)
    page.reload()
    expect(editor.field("Leaving from")).to_have_value(img)
    assert page.evaluate("typeof window.__owned") == "undefined"
    assert dialogs == []
    assert page.locator("main script").count() == 0
