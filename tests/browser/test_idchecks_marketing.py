"""A launch manager sets India's ID-check policy and France's marketing plan."""

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.accounts import operations
from backoffice.core.db import db
from backoffice.countries.models import Country
from tests.browser.pages import PASSWORD, Console, sign_in

pytestmark = pytest.mark.browser


class PolicyPage:
    def __init__(self, page: Page, base_url: str, country: str) -> None:
        self.page = page
        self.url = f"{base_url}/idchecks/countries/{country}/policy"

    def open(self) -> "PolicyPage":
        self.page.goto(self.url)
        return self

    def require_for_drivers(self) -> None:
        self.page.check("input[name=required_for_drivers]")

    def accept(self, *documents: str) -> None:
        for document in documents:
            self.page.check(f"input[name=documents][value={document}]")

    def providers(self, *names: str) -> None:
        for slot, name in enumerate(names, start=1):
            self.page.select_option(f"select[name=provider_{slot}]", name)

    def save(self) -> None:
        self.page.click("button[value=save]")

    def provider_errors(self) -> str:
        return self.page.inner_text("fieldset.providers")


class PlanFormPage:
    def __init__(self, page: Page, base_url: str, country: str) -> None:
        self.page = page
        self.url = f"{base_url}/marketing/countries/{country}/plans/new"

    def open(self) -> "PlanFormPage":
        self.page.goto(self.url)
        return self

    def fill(self, **values: str) -> None:
        for name, value in values.items():
            self.page.fill(f"input[name={name}]", value)

    def save(self) -> None:
        self.page.click("button[type=submit].primary")

    def driver_errors(self) -> str:
        return self.page.inner_text("fieldset.allocations-driver")


def _setup(app: Flask) -> None:
    with app.app_context():
        operations.create_user("lm@example.com", "launch_manager", PASSWORD)
        db.session.add_all([Country(code="IN", currency="INR", timezone="Asia/Kolkata"),
                            Country(code="FR", currency="EUR", timezone="Europe/Paris")])
        db.session.commit()


def test_launch_manager_sets_a_policy_and_a_plan(
        live_app: Flask, live_server: str, page: Page) -> None:
    _setup(live_app)
    sign_in(page, live_server, "lm@example.com")
    console = Console(page, live_server)
    console.expect_heading("Dashboard")

    policy = PolicyPage(page, live_server, "IN").open()
    policy.require_for_drivers()
    policy.accept("passport", "national_id")
    policy.providers("jumio", "onfido")
    policy.save()
    assert "Jumio does not cover IN." in policy.provider_errors()
    policy.providers("onfido", "veriff")
    policy.save()
    console.expect_heading("ID checks in IN")
    expect(page.locator("main")).to_contain_text("ID-check policy of IN saved.")
    expect(page.locator("ol.provider-order")).to_contain_text("Onfido")

    plan = PlanFormPage(page, live_server, "FR").open()
    plan.fill(period="2026-Q2", budget="10000", driver_share="50", passenger_share="50",
              driver_tv="2000", driver_social="2500", passenger_search="5000")
    plan.save()
    assert ("Driver channels add up to €4,500.00 but the driver share is €5,000.00: "
            "€500.00 missing") in plan.driver_errors()
    plan.fill(driver_social="3000")
    plan.save()
    console.expect_heading("Marketing in FR")
    expect(page.locator("main")).to_contain_text("Plan 2026-Q2 for FR created.")
    expect(page.locator("svg.chart-svg").first).to_be_visible()
