"""The new-country form: the country's own currency and time zones first and apart, the
currencies in use only, launch managers as owners. In English and in French, at 1440 px."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect

from backoffice.accounts import operations
from backoffice.core.db import db
from tests.browser.pages import PASSWORD, NewCountryPage, sign_in

pytestmark = pytest.mark.browser

GROUPS = {
    "en-US": ("Used in this country", "This country's time zones", "Mexico"),
    "fr-FR": ("En usage dans ce pays", "Fuseaux horaires de ce pays", "Mexique"),
}


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_new_country_form_offers_what_is_in_use(
        live_app: Flask, live_server: str, browser: Browser, locale: str) -> None:
    with live_app.app_context():
        operations.create_user("lm@example.com", "launch_manager", PASSWORD)
        operations.create_user("tr@example.com", "translator", PASSWORD, locales=("es_MX",))
        db.session.commit()
    currency_group, zone_group, name = GROUPS[locale]
    context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, "lm@example.com")
    NewCountryPage(page, live_server).open().enter_code("mx")
    expect(page.locator("section.card h2").first).to_contain_text(name)
    first_group = page.locator("select[name=currency] optgroup").first
    expect(first_group).to_have_attribute("label", currency_group)
    values = first_group.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["MXN"]
    assert page.locator("select[name=currency] option[value=DEM]").count() == 0
    zones = page.locator("select[name=timezone] optgroup").first
    expect(zones).to_have_attribute("label", zone_group)
    own = zones.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "America/Mexico_City" in own and all(z.startswith("America/") for z in own if z)
    owners = page.locator("select[name=owner] option").all_inner_texts()
    assert "lm@example.com" in owners and "tr@example.com" not in owners
    assert page.input_value("select[name=owner]") == "lm@example.com"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    context.close()
