"""The layout holds on a phone (390 px) and on a wide screen (1440 px), in both languages.

On a phone: the navigation folds under a Menu button (a static script, no inline one),
the header stays short, wide tables scroll inside their own box and the page itself
never scrolls sideways. On a wide screen the French navigation stays on one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from backoffice import demo
from backoffice.accounts import operations as accounts
from backoffice.core.db import db
from tests.browser.pages import PASSWORD, console_errors, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
# The demo's widest pages: every country on the dashboard, the Polish catalog, readiness.
PAGES = ["/", "/catalogs/app/pl_PL/", "/countries/PL/readiness"]


@pytest.fixture
def demo_console(live_app: Flask) -> Flask:
    live_app.config["LOCALES_DIR"] = str(ROOT / "locales")
    with live_app.app_context():
        demo.load_users()
        for _name, step in demo.DEMO_STEPS:
            step()
            db.session.flush()
        # An admin sees every entry of the navigation: the longest there is.
        accounts.create_user("admin@example.com", "admin", PASSWORD)
        db.session.commit()
    return live_app


def _open(browser: Browser, live_server: str, viewport: ViewportSize, language: str = "en",
          email: str = "admin@example.com") -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(locale="en-US", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = console_errors(page)
    sign_in(page, live_server, email)
    # The choice is the user's and is kept: an earlier test may have left it either way.
    if page.locator("select#language").input_value() != language:
        if viewport["width"] <= PHONE["width"]:
            page.click("button.menu-toggle")  # on a phone the language is in the menu
        with page.expect_navigation():
            page.select_option("select#language", language)
    return context, page, errors


def _widths(page: Page) -> dict[str, float]:
    return page.evaluate("""() => ({
        scroll: document.scrollingElement.scrollWidth,
        viewport: window.innerWidth,
        header: document.querySelector("header.topbar").getBoundingClientRect().height,
    })""")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_phone_pages_never_scroll_sideways_and_the_menu_folds(
        demo_console: Flask, live_server: str, browser: Browser, language: str) -> None:
    context, page, errors = _open(browser, live_server, PHONE, language)
    for path in PAGES:
        assert page.goto(live_server + path).status == 200, path
        sizes = _widths(page)
        assert sizes["scroll"] <= sizes["viewport"], (path, sizes)
        assert sizes["header"] <= 80, (path, sizes)  # one short bar, not a third of the screen
        expect(page.locator("nav.mainnav")).to_be_hidden()

    page.goto(live_server + "/")
    toggle = page.locator("button.menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("nav.mainnav")).to_be_visible()
    page.locator("nav.mainnav a").nth(1).click()  # Countries / Pays
    page.wait_for_load_state()
    assert page.url.endswith("/countries/")
    assert _widths(page)["scroll"] <= PHONE["width"]
    assert errors == []  # no CSP violation, no script error
    context.close()


def test_phone_tables_scroll_inside_their_box(
        demo_console: Flask, live_server: str, browser: Browser) -> None:
    context, page, _errors = _open(browser, live_server, PHONE)
    page.goto(live_server + "/")
    table = page.locator("main table").first
    inner = table.evaluate("t => ({scroll: t.scrollWidth, client: t.clientWidth})")
    assert inner["client"] <= PHONE["width"]
    assert inner["scroll"] >= inner["client"]
    assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
    context.close()


def test_phone_readiness_tabs_wrap(demo_console: Flask, live_server: str, browser: Browser) -> None:
    context, page, _errors = _open(browser, live_server, PHONE, "fr")
    page.goto(live_server + "/countries/PL/readiness")
    tabs = page.locator(".tabs").first
    assert tabs.evaluate("t => getComputedStyle(t).flexWrap") == "wrap"
    box = tabs.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_wide_screen_navigation_is_one_line(
        demo_console: Flask, live_server: str, browser: Browser, language: str) -> None:
    context, page, _errors = _open(browser, live_server, WIDE, language)
    for path in ("/", "/countries/PL/readiness"):
        page.goto(live_server + path)
        links = page.locator("nav.mainnav a")
        tops = {round(box["y"]) for box in (links.nth(i).bounding_box()
                                             for i in range(links.count())) if box}
        assert len(tops) == 1, (language, path, tops)
        expect(page.locator("button.menu-toggle")).to_be_hidden()
        sizes = _widths(page)
        assert sizes["scroll"] <= sizes["viewport"]
        assert sizes["header"] <= 60, sizes
    context.close()
