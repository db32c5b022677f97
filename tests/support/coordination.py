"""Fixtures of the coordination tests: a real SMTP server, and signed Adyen results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from connectors.payments.adyen import sign_notification_item
from tests.support.adyen import HMAC_KEY, MERCHANT
from tests.support.smtp import Inbox, smtp_server


@pytest.fixture(scope="session")
def _smtp() -> Iterator[tuple[str, Inbox]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(app: Flask, _smtp: tuple[str, Inbox]) -> Iterator[Inbox]:
    """The app mails through a real SMTP server in the test process; its inbox."""
    url, inbox = _smtp
    inbox.messages.clear()
    app.config["SMTP_URL"] = url
    yield inbox
    app.config["SMTP_URL"] = None


def authorisation(psp: str, success: bool, *, currency: str = "EUR",
                  country: str | None = None) -> dict[str, Any]:
    """One signed AUTHORISATION notification item, as Adyen sends it."""
    extra: dict[str, Any] = {"paymentMethodVariant": "visa"}
    if country:
        extra["shopperCountry"] = country
    raw = {
        "additionalData": extra, "amount": {"currency": currency, "value": 2500},
        "eventCode": "AUTHORISATION", "eventDate": "2026-11-21T10:00:00+01:00",
        "merchantAccountCode": MERCHANT, "merchantReference": f"ride-{psp}",
        "paymentMethod": "visa", "pspReference": psp,
        "reason": "" if success else "Refused", "success": "true" if success else "false",
    }
    return {"NotificationRequestItem": sign_notification_item(raw, HMAC_KEY)}
