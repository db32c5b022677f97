"""One finance user checks Adyen and requests online payment; another approves, then kills it."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.core.db import db
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.browser.finance import finance_in_france
from tests.browser.pages import CountryPaymentsPage, sign_in

pytestmark = pytest.mark.browser


def _set_up(app: Flask, adyen_url: str) -> None:
    with app.app_context():
        finance_in_france(adyen_url, ["scheme", "sepadirectdebit"])
        db.session.commit()


def test_four_eyes_switch_on_then_kill(
        live_app: Flask, live_server: str, page: Page, browser: Browser) -> None:
    with run_local_adyen(load_data()) as adyen_url:
        _set_up(live_app, adyen_url)

        sign_in(page, live_server, "rita@example.com")
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
        sign_in(alan_page, live_server, "alan@example.com")
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
