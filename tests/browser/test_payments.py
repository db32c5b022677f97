"""One finance user checks Adyen and requests online payment; another approves, then kills it."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.core.db import db
from backoffice.payments import operations as payments
from connectors.payments.local_adyen import (
    checkout_base_url,
    load_data,
    management_base_url,
    run_local_adyen,
)
from tests.browser.pages import CountryPaymentsPage, LoginPage
from tests.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-password-1"
API_KEY = "local_demo_AQE_CarpoolDemo_all_roles_0001"
HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"


def _set_up(app: Flask, adyen_url: str) -> None:
    with app.app_context():
        for email in ("rita@example.com", "alan@example.com"):
            UserFactory(role="finance", email=email, password=PASSWORD)
        CountryFactory(code="FR", stage="live", currency="EUR", timezone="Europe/Paris",
                       locales=("fr_FR",))
        payments.save_connector(payments.ConnectorInput(
            name="CarpoolDemo", platform="test", merchant_account="CarpoolDemo",
            api_key=API_KEY, hmac_key=HMAC_KEY,
            checkout_base_url=checkout_base_url(adyen_url),
            management_base_url=management_base_url(adyen_url), countries=(("FR", "EUR"),),
        ))
        payments.choose_methods("FR", ["scheme", "sepadirectdebit"])
        db.session.commit()


def test_four_eyes_switch_on_then_kill(
        live_app: Flask, live_server: str, page: Page, browser: Browser) -> None:
    with run_local_adyen(load_data()) as adyen_url:
        _set_up(live_app, adyen_url)

        LoginPage(page, live_server).open().sign_in("rita@example.com", PASSWORD)
        rita = CountryPaymentsPage(page, live_server, "FR").open()
        expect(page.locator('[data-gate="health_check"]')).to_have_class("gate fail")
        rita.check_now()
        assert "Adyen answered for FR in EUR" in rita.flash()
        expect(page.locator('[data-gate="health_check"]')).to_have_class("gate pass")
        rita.request_payment("FR is ready for card payments")
        assert "another finance user must approve it" in rita.flash()
        expect(page.locator(".change-requests")).to_contain_text(
            "Another finance user must approve.")
        assert page.locator(".approve-form").count() == 0  # not for the requester

        context = browser.new_context(locale="en-US")
        alan_page = context.new_page()
        LoginPage(alan_page, live_server).open().sign_in("alan@example.com", PASSWORD)
        alan = CountryPaymentsPage(alan_page, live_server, "FR").open()
        expect(alan_page.locator(".change-requests")).to_contain_text("rita@example.com")
        alan.approve()
        assert "online payment is on for FR" in alan.flash()
        assert alan.stage() == "Payments live"
        expect(alan_page.locator("#payment-state")).to_contain_text("Cards, SEPA Direct Debit")

        alan.kill("Chargebacks are spiking")
        assert "Online payment is off for FR." in alan.flash()
        assert alan.stage() == "Live"
        context.close()

        rita.open()
        assert rita.stage() == "Live"
