"""A launch manager asks Adyen about a candidate, picks it from the ranked table and
creates the country in one step: it lands on the new country's playbook."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.accounts import operations as accounts
from backoffice.core.db import db
from backoffice.opportunities import operations as opportunities
from backoffice.playbook.demo import load_templates
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.browser.pages import PASSWORD, sign_in
from tests.support.adyen import save_local_connector

pytestmark = pytest.mark.browser


def _set_up(app: Flask, adyen_url: str) -> None:
    with app.app_context():
        accounts.create_user("lena@example.com", "launch_manager", PASSWORD)
        save_local_connector(adyen_url, hmac_key=None, countries=())
        load_templates()
        for code, locales, hitchhiking in (("AT", ["de_AT"], 9), ("CZ", ["cs_CZ"], 4)):
            row = opportunities.save_candidate(None, code=code, locales=locales)
            opportunities.set_indicator(row, "hitchhiking", hitchhiking, source="Survey",
                                        as_of=date(2026, 10, 1))
        db.session.commit()


def test_from_the_opportunity_view_to_a_country_with_its_playbook(live_app: Flask, live_server: str,
                                                                  page: Page) -> None:
    with run_local_adyen(load_data()) as adyen_url:
        _set_up(live_app, adyen_url)
        sign_in(page, live_server, "lena@example.com")
        page.goto(f"{live_server}/opportunities")
        rows = page.locator("table.opportunities tbody tr")
        expect(rows.first).to_have_attribute("data-candidate", "AT")
        austria = page.locator('tr[data-candidate="AT"]')
        expect(austria.locator(".sentence")).to_contain_text("Adyen not asked yet")

        austria.locator("a").first.click()
        page.click("text=Ask Adyen")
        expect(page.locator("p.sentence")).to_contain_text("Adyen offers cards")

        page.goto(f"{live_server}/opportunities")
        expect(page.locator('tr[data-candidate="AT"] .sentence')).to_contain_text(
            "Adyen offers cards")
        page.click('button[data-create="AT"]')
        page.wait_for_url(f"{live_server}/countries/AT/playbook")
        expect(page.locator(".flash").first).to_contain_text(
            "AT was created with its playbook")
        tasks = page.locator("table.playbook-tasks tr[data-task]")
        expect(tasks).to_have_count(8)
        expect(tasks.first).to_contain_text("Local team lead hired")
        expect(page.locator("#country-stage")).to_contain_text("Planned")

        page.goto(f"{live_server}/opportunities")
        expect(page.locator('tr[data-candidate="AT"]')).to_contain_text("Created")
