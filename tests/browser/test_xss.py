"""Markup typed anywhere is shown as text on every page that shows it, and never runs."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.accounts import operations as accounts
from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.core.db import db
from backoffice.countries import operations as countries
from backoffice.countries import validation
from backoffice.marketing import operations as marketing
from tests.browser.pages import PASSWORD, CatalogEditor, Console, sign_in

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Book a seat"
msgstr ""

msgid "Search rides"
msgstr "Szukaj"
'''


def _set_up(app: Flask) -> None:
    with app.app_context():
        admin = accounts.create_user("ada@example.com", "admin", PASSWORD)
        accounts.create_user("vic@example.com", "viewer", PASSWORD)
        tokens.create_token(admin, HOSTILE)
        country = countries.create_country(
            "PL",
            validation.CountryConfig(locales=[validation.LocaleSpec("pl_PL")], currency="PLN",
                                    timezone="Europe/Warsaw", notes=HOSTILE),
            reason=HOSTILE,
        )
        result = catalogs.import_file("app", "pl_PL", PO.encode(), filename=HOSTILE + ".po")
        message = next(m for m in catalogs.messages_page(
            result.catalog, catalogs.MessageFilter(), 1)[0] if m.msgid == "Book a seat")
        catalogs.save_translation(message, [HOSTILE], version=message.version, actor=admin)
        marketing.save_plan(country, "2026-Q2", {
            "budget": "10000", "driver_share": "50", "passenger_share": "50",
            "allocations": {"driver": {"tv": "5000"}, "passenger": {"search": "5000"}},
            "notes": HOSTILE,
        }, expected_version=None, reason=HOSTILE)
        db.session.commit()


def _assert_inert(page: Page, where: str) -> None:
    # The Content-Security-Policy would stop inline code anyway: the markup must not even
    # become elements.
    assert page.evaluate("typeof window.__xss") == "undefined", where
    assert page.locator("script:not([src])").count() == 0, where
    assert page.locator('img[src="x"], [onerror]').count() == 0, where


def _shown_as_text(page: Page, where: str) -> None:
    """The literal text is on the page, in a text node or a field's value."""
    shown = page.evaluate("""(text) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const parent = walker.currentNode.parentElement;
            if (walker.currentNode.data.includes(text) && parent.tagName !== "TEXTAREA"
                && parent.checkVisibility()) { return true; }
        }
        return Array.from(document.querySelectorAll("input, textarea")).some(
            (field) => field.value.includes(text) && field.checkVisibility());
    }""", HOSTILE)
    assert shown, f"{where}: the text is not shown"


def test_markup_is_text_on_every_page(live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, live_server, "ada@example.com")

    editor = CatalogEditor(page, live_server, "app", "pl_PL").open()
    expect(editor.field("Book a seat")).to_have_value(HOSTILE)
    editor.field("Book a seat").focus()  # the side panel shows the history
    expect(page.locator('#side-panel [data-field="history"]')).to_contain_text(HOSTILE)
    _assert_inert(page, "editor")

    pages = {
        "/catalogs/": "app",  # the list itself: the catalog's name
        "/catalogs/?q=" + "%3Cscript%3E": "app",
        "/catalogs/imports/": HOSTILE,  # the file name of the import
        "/countries/PL": HOSTILE,  # the notes
        "/countries/PL/timeline": HOSTILE,  # the reason of the creation
        "/audit/": HOSTILE,
        "/marketing/countries/PL": HOSTILE,  # the plan's notes
        "/profile": HOSTILE,  # the token's name
    }
    for path, text in pages.items():
        page.goto(live_server + path)
        expect(page.locator("main")).to_contain_text(text)
        if text == HOSTILE:
            _shown_as_text(page, path)
        _assert_inert(page, path)

    # Someone who may only read sees values as text, not in form fields.
    Console(page, live_server).sign_out()
    sign_in(page, live_server, "vic@example.com")
    for path in ("/countries/PL", "/marketing/countries/PL"):
        assert page.goto(live_server + path).status == 200, path
        expect(page.locator("main")).to_contain_text(HOSTILE)
        _shown_as_text(page, path)
        _assert_inert(page, path)
    # Who did what and why is the audit log's: a viewer's timeline says what happened only.
    assert page.goto(live_server + "/countries/PL/timeline").status == 200
    expect(page.locator("main")).not_to_contain_text(HOSTILE)
    expect(page.locator("main")).not_to_contain_text("ada@example.com")
    _assert_inert(page, "/countries/PL/timeline")
    assert dialogs == []
