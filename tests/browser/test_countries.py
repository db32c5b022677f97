"""A launch manager creates a country in the console and sees it on the world map."""

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from backoffice.accounts import operations
from backoffice.core.db import db
from tests.browser.pages import (
    PASSWORD,
    Console,
    CountryPage,
    NewCountryPage,
    console_errors,
    sign_in,
)

pytestmark = pytest.mark.browser


def map_path(page: Page, code: str) -> Locator:
    return page.locator(f'svg.world-map path[data-code="{code}"]')


def test_launch_manager_creates_a_country_and_sees_it_on_the_map(
        live_app: Flask, live_server: str, page: Page) -> None:
    with live_app.app_context():
        operations.create_user("lm@example.com", "launch_manager", PASSWORD)
        db.session.commit()
    errors = console_errors(page)
    sign_in(page, live_server, "lm@example.com")
    console = Console(page, live_server)
    console.expect_heading("Dashboard")
    expect(map_path(page, "NL")).to_have_attribute("class", "stage-none")

    new_country = NewCountryPage(page, live_server).open()
    new_country.enter_code("nl")  # lower case is read as the code it means
    assert new_country.locales().splitlines()[0] == "nl_NL"
    assert page.input_value("select[name=currency]") == "EUR"
    assert page.input_value("select[name=timezone]") == "Europe/Amsterdam"
    new_country.create(seats="9")
    assert "from 1 to 8" in page.inner_text("main")
    assert new_country.locales().splitlines()[0] == "nl_NL"  # typed values kept
    new_country.create(seats="3")
    assert "Netherlands (NL) created." in page.inner_text("main")
    console.expect_heading("Netherlands")

    CountryPage(page, live_server, "NL").change_stage("translating", "translation starts")
    assert "NL is now Translating." in page.inner_text("main")

    console.go("/")
    expect(map_path(page, "NL")).to_have_attribute("class", "stage-translating")
    assert "Netherlands" in map_path(page, "NL").locator("title").text_content()
    expect(page.locator('table.countries-table tr[data-code="NL"]')).to_contain_text("nl_NL")
    # Refused forms answer 400, which the browser logs; anything else is a CSP or script error.
    assert [e for e in errors if "status of 400" not in e] == []
