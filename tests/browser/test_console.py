"""A new user signs in, sees what their role allows, is refused the rest, reads French."""

from collections.abc import Sequence

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from backoffice.accounts import operations
from backoffice.core.db import db
from tests.browser.pages import PASSWORD, Console, console_errors, sign_in

pytestmark = pytest.mark.browser


def _create(app: Flask, email: str, role: str, locales: Sequence[str] = ()) -> None:
    with app.app_context():
        operations.create_user(email, role, PASSWORD, locales=locales)
        db.session.commit()


def test_admin_creates_a_translator_who_signs_in(
        live_app: Flask, live_server: str, page: Page, browser: Browser) -> None:
    _create(live_app, "admin@example.com", "admin")
    sign_in(page, live_server, "admin@example.com")
    console = Console(page, live_server)
    console.expect_heading("Dashboard")
    assert "Users" in console.nav_labels()

    console.go("/users/new")
    page.fill("input[name=email]", "tina@example.com")
    page.select_option("select[name=role]", "translator")
    page.fill("input[name=locales]", "pl_PL")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    assert "User tina@example.com created." in page.inner_text("main")

    # The translator, in a browser of their own.
    context = browser.new_context(locale="en-US")
    translator_page = context.new_page()
    sign_in(translator_page, live_server, "tina@example.com")
    translator = Console(translator_page, live_server)
    translator.expect_heading("Dashboard")
    assert "Users" not in translator.nav_labels()
    assert "Audit log" not in translator.nav_labels()
    for path in ("/users/", "/audit/"):
        response = translator.go(path)
        assert response.status == 403
        assert "You do not have permission" in translator_page.inner_text("main")

    translator.go("/")
    translator.switch_language("fr")
    translator.expect_heading("Tableau de bord")
    assert "Se déconnecter" in translator_page.inner_text("header")
    context.close()


def test_wrong_password_is_refused_in_the_browser(
        live_app: Flask, live_server: str, page: Page) -> None:
    _create(live_app, "v@example.com", "viewer")
    sign_in(page, live_server, "v@example.com", "not-the-password")
    assert "Invalid email or password." in page.inner_text("main")
    assert page.url.endswith("/login")


def test_the_console_loads_nothing_from_outside(
        live_app: Flask, live_server: str, page: Page) -> None:
    _create(live_app, "a@example.com", "admin")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors = console_errors(page)
    sign_in(page, live_server, "a@example.com")
    for path in ("/", "/users/", "/audit/", "/profile"):
        Console(page, live_server).go(path)
    assert requested and all(url.startswith(live_server) for url in requested)
    assert errors == []  # no CSP violation, no script error
