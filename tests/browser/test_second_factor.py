"""A finance user sets up an authenticator, signs in with its code, approves after confirming.

The codes are computed with pyotp from the key the set-up page shows, as a phone would.
"""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from backoffice.core.db import db
from backoffice.payments import changes
from backoffice.payments import operations as payments
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.accounts.factors import Clock, clock, next_code  # noqa: F401  (clock is a fixture)
from tests.browser.finance import finance_in_france
from tests.browser.pages import Console, CountryPaymentsPage, sign_in
from tests.conftest import migrate
from tests.support.fixture_types import MakeApp, NewDatabaseUrl
from tests.support.live_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture
def factor_app(new_database_url: NewDatabaseUrl, make_app: MakeApp) -> Flask:
    """As in production: CSRF on, and finance and admin accounts need a second factor."""
    url = new_database_url()
    migrate(url)
    return make_app(url, WTF_CSRF_ENABLED=True, TESTING=False,
                    SECOND_FACTOR_ROLES=["admin", "finance"])


def _requested_payment(app: Flask, adyen_url: str) -> None:
    """Rita (finance) checked Adyen and asked to switch FR on; another must approve."""
    with app.app_context():
        rita, country, _connector = finance_in_france(adyen_url, ["scheme"])
        assert payments.run_health_check("FR", actor=rita).ok
        changes.request_payments_on(country, rita, reason="FR is ready for cards")
        db.session.commit()


def test_finance_enrols_signs_in_with_a_code_and_confirms_an_approval(
    factor_app: Flask, page: Page, clock: Clock  # noqa: F811
) -> None:
    with run_local_adyen(load_data()) as adyen_url, serve(factor_app) as live_server:
        _requested_payment(factor_app, adyen_url)

        # First sign-in: the password, then the set-up before anything else.
        sign_in(page, live_server, "alan@example.com")
        expect(page.locator("h1")).to_have_text("Set up two-step sign-in")
        assert page.locator("[data-qr-code] svg").count() == 1
        Console(page, live_server).go("/payments/")
        expect(page.locator("h1")).to_have_text("Set up two-step sign-in")
        totp = pyotp.TOTP(page.inner_text("#secret-key").replace(" ", ""))
        page.fill("input[name=code]", totp.at(clock.now()))
        page.click("button[type=submit].primary")
        expect(page.locator("h1")).to_have_text("Recovery codes")
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        page.click("text=I have kept them")
        assert page.url.split("?")[0].endswith("/payments/")  # where they were going

        # Next sign-in: the password, then the app's code.
        Console(page, live_server).sign_out()
        sign_in(page, live_server, "alan@example.com")
        expect(page.locator("h1")).to_have_text("Two-step sign-in")
        page.fill("input[name=code]", next_code(totp, clock))
        page.click("button[type=submit].primary")
        expect(page.locator("h1")).to_contain_text("Dashboard")

        # Some minutes later, approving asks to confirm, then goes through.
        clock.advance(minutes=6)
        alan = CountryPaymentsPage(page, live_server, "FR").open()
        alan.approve()
        expect(page.locator("h1")).to_have_text("Confirm it is you")
        page.fill("input[name=confirmation_code]", next_code(totp, clock))
        page.click("#confirm-form button[type=submit]")
        assert "online payment is on for FR" in alan.flash()
        assert alan.stage() == "Payments live"
