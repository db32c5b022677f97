"""One finance user asks for payment; the other gets the mail and the inbox item, approves
from the inbox; a storm of refused authorisations then raises the payment watch's alert."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from backoffice.core.db import db, utcnow
from backoffice.payments.models import HealthCheck
from backoffice.tasks.worker import run_ready
from connectors.payments.local_adyen import load_data, run_local_adyen
from tests.browser.finance import finance_in_france
from tests.browser.pages import CountryPaymentsPage, sign_in
from tests.support.adyen import API_KEY, HMAC_KEY
from tests.support.coordination import authorisation
from tests.support.smtp import smtp_server

pytestmark = pytest.mark.browser

METHODS = ["scheme", "sepadirectdebit"]


def _set_up(app: Flask, adyen_url: str) -> None:
    with app.app_context():
        _rita, _france, connector = finance_in_france(adyen_url, METHODS)
        db.session.add(HealthCheck(connector_id=connector.id, country_code="FR",
                                   currency="EUR", ok=True, methods=METHODS,
                                   checked_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()


def _storm(base_url: str, ok: int, refused: int) -> None:
    items = [authorisation(f"OK{n:014d}", True) for n in range(ok)]
    items += [authorisation(f"KO{n:014d}", False) for n in range(refused)]
    request = urllib.request.Request(  # noqa: S310 - the test's own server, on loopback
        f"{base_url}/webhooks/adyen", headers={"Content-Type": "application/json"},
        data=json.dumps({"live": "false", "notificationItems": items}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.read() == b"[accepted]"


def test_request_mail_inbox_approval_then_the_watch_alerts(
        live_app: Flask, live_server: str, page: Page, browser: Browser, tmp_path: Path) -> None:
    live_app.config.update(QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}",
                           BASE_URL=live_server)
    with run_local_adyen(load_data()) as adyen_url, smtp_server() as (smtp_url, mails):
        live_app.config["SMTP_URL"] = smtp_url
        _set_up(live_app, adyen_url)

        sign_in(page, live_server, "rita@example.com")
        rita = CountryPaymentsPage(page, live_server, "FR").open()
        rita.request_payment("FR is ready for card payments")
        assert "another finance user must approve it" in rita.flash()
        assert mails.messages == []  # the request did not wait for the mail

        assert run_ready(live_app) == 1  # the worker sends it
        [mail] = mails.to("alan@example.com")
        assert mail["Subject"] == "[Launch backoffice] Approval waiting for you"
        body = mail.get_content()
        assert "rita@example.com asks to switch online payment on in FR" in body
        assert API_KEY not in body and HMAC_KEY not in body
        link = re.search(r"Open: (\S+)", body).group(1)
        assert link.startswith(f"{live_server}/approvals#change-")

        context = browser.new_context(locale="en-US")
        alan = context.new_page()
        sign_in(alan, live_server, "alan@example.com")
        expect(alan.locator(".inbox-link .unread-count")).to_have_text("1")
        alan.goto(f"{live_server}/notifications/")
        expect(alan.locator(".notification.unread")).to_contain_text(
            "rita@example.com asks to switch online payment on in FR")
        alan.goto(link)
        card = alan.locator("section.approval")
        expect(card).to_contain_text("scheme, sepadirectdebit")
        expect(card.locator('[data-gate="health_check"]')).to_have_class("gate pass")
        card.locator(".approve-form input[name=note]").fill("Gates pass")
        card.locator(".approve-form input[name=confirm]").check()
        card.locator(".approve-form button[type=submit]").click()
        expect(alan.locator(".flash")).to_contain_text("approved")
        expect(alan.locator(".empty-approvals")).to_be_visible()
        expect(alan.locator(".inbox-link .unread-count")).to_have_text("0")

        run_ready(live_app)  # rita hears of the decision
        assert any("alan@example.com approved your request" in m.get_content()
                   for m in mails.to("rita@example.com"))

        _storm(live_server, ok=4, refused=26)
        run_ready(live_app)  # the watch looks at the fresh results
        alan.goto(f"{live_server}/notifications/")
        expect(alan.locator('.notification[data-kind="payments_degraded"]')).to_contain_text(
            "4 of 30 succeeded (13 %)")
        alerts = [m for m in mails.to("alan@example.com")
                  if "Payments failing" in m["Subject"]]
        assert len(alerts) == 1
        alan.goto(f"{live_server}/payments/countries/FR")
        expect(alan.locator(".watch-alerts")).to_contain_text("4 of 30 authorisations")
        expect(alan.locator(".ratio-chart polyline.ratio-line")).to_have_count(1)
        context.close()
