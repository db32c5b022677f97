"""In a real browser: the glossary highlighted and its check, a comment mentioning a
colleague who finds it in their inbox, a bulk review and a search-and-replace previewed
before it applies."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.accounts import operations as accounts
from backoffice.catalogs import operations
from backoffice.core.db import db
from backoffice.glossary import operations as glossary
from tests.browser.pages import PASSWORD, CatalogEditor, sign_in
from tests.catalogs.french import french
from tests.catalogs.workspace import message

pytestmark = pytest.mark.browser


def _set_up(app: Flask, users: Sequence[tuple[str, str, Sequence[str]]]) -> None:
    with app.app_context():
        for email, role, locales in users:
            accounts.create_user(email, role, PASSWORD, locales=locales)
        french()
        glossary.save_term("fr", glossary.TermData("Book", "Réserver", "verb",
                                                   "the main action"), actor=None)
        db.session.commit()


def _texts(app: Flask, locale: str, msgid: str) -> tuple[list[str], str]:
    with app.app_context():
        catalog = operations.get_catalog("app", locale)
        found = message(catalog, msgid)
        return list(found.translations), found.state


def test_glossary_highlight_and_check(live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app, [("tina@example.com", "translator", ("fr_BE",))])
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "fr_BE").open()
    term = editor.message("Book").locator("mark.glossary-term")
    expect(term).to_have_text("Book")
    expect(term).to_have_attribute("title", "Réserver (verb) · the main action")
    field = editor.field("Book")
    field.fill("Prendre une place")
    field.press("Control+Enter")
    warning = editor.message("Book").locator(".finding.warning")
    expect(warning).to_contain_text("Réserver")
    editor.field("Book").fill("Réserver une place")
    editor.save("Book")
    editor.expect_status("Book", "Saved")
    expect(warning).to_have_count(0)
    editor.field("Book").focus()
    expect(page.locator('#side-panel [data-section="glossary"]')).to_contain_text("Réserver")


def test_a_comment_with_a_mention_reaches_the_colleague(
        live_app: Flask, live_server: str, page: Page, browser: Browser) -> None:
    _set_up(live_app, [("tina@example.com", "translator", ("fr_BE",)),
                       ("rita@example.com", "reviewer", ("fr_BE",))])
    sign_in(page, live_server, "tina@example.com")
    editor = CatalogEditor(page, live_server, "app", "fr_BE").open()
    editor.field("Pay").focus()
    # The side panel is rendered again for the message that got the focus: wait for Pay's.
    pay_id = editor.message("Pay").get_attribute("data-id")
    form = page.locator(f'#side-panel #comment-form[action$="/comments/messages/{pay_id}"]')
    expect(form).to_be_visible()
    form.locator("textarea").fill("@rita@example.com « payer » or « régler » here?")
    form.locator("button[type=submit]").click()
    expect(page.locator("#side-panel .comment-body")).to_contain_text("« régler »")
    expect(page.locator("[data-open-questions]")).to_have_attribute("data-open-questions", "1")
    context = browser.new_context(locale="en-US")
    other = context.new_page()
    other.set_default_timeout(15000)
    sign_in(other, live_server, "rita@example.com")
    other.goto(f"{live_server}/notifications/")
    expect(other.locator("main")).to_contain_text("tina@example.com")
    context.close()


def test_bulk_review_and_replace_with_preview(
        live_app: Flask, live_server: str, page: Page) -> None:
    _set_up(live_app, [("rita@example.com", "reviewer", ("fr_FR",))])
    sign_in(page, live_server, "rita@example.com")
    editor = CatalogEditor(page, live_server, "app", "fr_FR").open()
    page.locator("#bulk-link").click()
    expect(page.locator(".bulk-selection")).to_have_attribute("data-selected", "4")
    page.locator("#bulk-review button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("3 messages changed")
    assert _texts(live_app, "fr_FR", "Book")[1] == "reviewed"
    # Search and replace: nothing changes until the preview is applied.
    page.locator("#find").fill("trajet")
    page.locator("#replace").fill("voyage")
    page.locator("#bulk-replace button[type=submit]").click()
    preview = page.locator("#bulk-preview")
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview).to_contain_text("Rechercher un voyage")
    assert _texts(live_app, "fr_FR", "Search rides")[0] == ["Rechercher un trajet"]
    page.locator("#apply-replace").click()
    expect(page.locator(".flash")).to_contain_text("2 messages changed")
    assert _texts(live_app, "fr_FR", "Search rides") == (["Rechercher un voyage"], "translated")
    # And the whole replacement is reverted at once.
    row = page.locator("#bulk-history tr[data-operation]").first
    row.locator("input[name=reason]").fill("wrong word")
    row.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("2 messages put back")
    assert _texts(live_app, "fr_FR", "Search rides")[0] == ["Rechercher un trajet"]
    editor.open()
