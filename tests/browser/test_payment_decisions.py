"""The approver decides with the facts in view, gives a reason and confirms; after a kill
the payment page tells the story. In English and in French, at 1440 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Dialog, expect

from backoffice.accounts import operations as accounts
from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country
from backoffice.payments import changes
from backoffice.payments.models import HealthCheck, PaymentChangeRequest
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.browser.pages import CountryPaymentsPage, sign_in
from tests.browser.test_payments import _set_up

pytestmark = pytest.mark.browser

WORDS = {
    "en-US": {"gates": "6 of 6 pass", "approved": "online payment is on for FR",
              "history": "Payment history", "killed": "Killed", "outcome": "on, then killed",
              "requested": "Requested"},
    "fr-FR": {"gates": "6 sur 6 remplies", "approved": "le paiement en ligne est activé",
              "history": "Historique du paiement", "killed": "Coupé",
              "outcome": "activée, puis coupée", "requested": "Demandé"},
}


def _requested(app: Flask) -> int:
    with app.app_context():
        db.session.add(HealthCheck(
            connector_id=1, country_code="FR", currency="EUR", ok=True,
            checked_at=utcnow() - timedelta(minutes=5), methods=["scheme", "sepadirectdebit"]))
        rita = accounts.find_user_by_email("rita@example.com")
        change = changes.request_payments_on(db.session.get(Country, "FR"), rita,
                                             reason="Cards ready")
        db.session.commit()
        return change.id


def _status(app: Flask, change_id: int) -> str:
    with app.app_context():
        return db.session.get(PaymentChangeRequest, change_id).status


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_informed_approval_then_kill_and_its_history(
        live_app: Flask, live_server: str, browser: Browser, locale: str) -> None:
    words = WORDS[locale]
    with run_local_adyen(load_data()) as adyen_url:
        _set_up(live_app, adyen_url)
        change_id = _requested(live_app)
        context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, live_server, "alan@example.com")
        page.goto(f"{live_server}/payments/changes")
        row = page.locator(f'tr[data-request="{change_id}"]')
        expect(row.locator(".methods")).to_have_text("scheme, sepadirectdebit")
        expect(row).to_contain_text("CarpoolDemo (CarpoolDemo, EUR)")
        expect(row.locator(".gate-status")).to_contain_text(words["gates"])

        # Without a reason the browser does not send the form: nothing is decided.
        row.locator(".approve-form input[name=confirm]").check()
        row.locator(".approve-form button[type=submit]").click()
        assert _status(live_app, change_id) == "pending"

        seen: list[str] = []

        def accept(dialog: Dialog) -> None:
            seen.append(dialog.message)
            dialog.accept()

        page.once("dialog", accept)
        row.locator(".approve-form input[name=note]").fill("Gates pass, cards tested")
        row.locator(".approve-form button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text(words["approved"])
        assert seen and "FR" in seen[0]  # the browser asked first
        assert _status(live_app, change_id) == "approved"

        payments_page = CountryPaymentsPage(page, live_server, "FR").open()
        payments_page.kill("Chargebacks are spiking")
        history = page.locator(".payment-history")
        expect(history.locator("h2")).to_have_text(words["history"])
        killed = history.locator('tr[data-event="killed"]')
        expect(killed).to_contain_text(words["killed"])
        expect(killed).to_contain_text("alan@example.com")
        expect(killed).to_contain_text("Chargebacks are spiking")
        expect(history.locator('tr[data-event="requested"]')).to_contain_text("rita@example.com")
        expect(history.locator('tr[data-event="requested"]')).to_contain_text(words["requested"])
        expect(page.locator(f'tr[data-request="{change_id}"] [data-outcome]')).to_have_text(
            words["outcome"])
        expect(page.locator('[data-gate="approval"]')).to_contain_text("alan@example.com")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1440
        context.close()


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_request_form_has_one_date_time_field(
        live_app: Flask, live_server: str, browser: Browser, locale: str) -> None:
    with run_local_adyen(load_data()) as adyen_url:
        _set_up(live_app, adyen_url)
        context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, "rita@example.com")
        CountryPaymentsPage(page, live_server, "FR").open()
        form = page.locator(".request-form")
        expect(form.locator('input[type="datetime-local"]')).to_have_count(1)
        expect(form.locator('input[type="date"], input[type="time"]')).to_have_count(0)
        form.locator("input[name=effective_at]").fill("2999-06-01T09:30")
        form.locator("input[name=reason]").fill("Summer launch")
        form.locator("button[type=submit]").click()
        expect(page.locator('tr[data-request] td').nth(4)).to_contain_text("2999-06-01 09:30")
        context.close()
