""""Check now" against the local Adyen server: the answer, or a clear error, is recorded."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import OperationError
from backoffice.payments import changes, operations
from backoffice.payments.gates import payment_gates
from backoffice.payments.models import HealthCheck
from connectors.payments.local_adyen import set_failure
from tests.support.adyen import CHECKOUT_ONLY_KEY
from tests.support.fixture_types import MakeConnector, MakeCountry, MakeUser, SignedIn
from tests.support.state import shown_stage


def test_successful_check_records_the_methods(
        db: Session, make_country: MakeCountry, make_connector: MakeConnector) -> None:
    make_country("FR")
    make_connector()
    check = operations.run_health_check("FR")
    assert check.ok and check.error_kind is None
    assert set(check.methods) == {"scheme", "sepadirectdebit", "paypal"}
    assert check.currency == "EUR" and check.elapsed_ms is not None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "payments.health_checked"))
    assert event.country_code == "FR" and event.after["ok"] is True


@pytest.mark.parametrize(
    ("failure", "kind", "words"),
    [
        ({"mode": "401"}, "authentication", "refused the API key"),
        ({"mode": "403"}, "permission", "may not be used"),
        ({"mode": "422", "message": "Invalid amount"}, "invalid_request", "rejected the request"),
        ({"mode": "500"}, "provider_unavailable", "try again in a few minutes"),
        ({"mode": "slow", "seconds": 3}, "timeout", "did not answer within"),
    ],
)
def test_each_failure_is_recorded_in_plain_words(
        app: Flask, db: Session, make_country: MakeCountry, make_connector: MakeConnector,
        adyen: str, failure: dict[str, str | int], kind: str, words: str) -> None:
    app.config["ADYEN_TIMEOUT_SECONDS"] = 0.5
    make_country("FR")
    make_connector()
    set_failure(adyen, failure)
    check = operations.run_health_check("FR")
    assert not check.ok
    assert check.error_kind == kind
    assert words in check.error_message
    assert check.methods == []
    assert db.scalar(select(HealthCheck).where(HealthCheck.id == check.id)) is not None


def test_a_key_without_the_management_role_still_checks_checkout(
    db: Session, make_country: MakeCountry, make_connector: MakeConnector
) -> None:
    make_country("FR")
    make_connector(api_key=CHECKOUT_ONLY_KEY)
    assert operations.run_health_check("FR").ok
    report = operations.adyen_methods("FR")
    assert report.offered and report.offered_error is None
    assert report.settings == [] and "may not be used" in report.settings_error


def test_unreachable_adyen_is_a_connection_error(
        db: Session, make_country: MakeCountry, make_connector: MakeConnector) -> None:
    make_country("FR")
    make_connector(checkout_base_url="http://127.0.0.1:9/checkout/v72")
    check = operations.run_health_check("FR")
    assert check.error_kind == "connection"
    assert "Could not connect" in check.error_message


def test_nothing_is_switched_on_after_a_failed_check(
    db: Session, make_user: MakeUser, ready_country: MakeCountry, adyen: str
) -> None:
    country = ready_country("FR")
    requester, approver = make_user("finance"), make_user("finance")
    change = changes.request_payments_on(country, requester, reason="ready")
    set_failure(adyen, {"mode": "500"})
    operations.run_health_check("FR")
    gate = {g.id: g for g in payment_gates(country)}["health_check"]
    assert not gate.passed and "failed" in gate.message
    with pytest.raises(OperationError, match="Adyen is having a problem"):
        changes.approve_change(change, approver)
    assert shown_stage(country) == "live"
    assert not changes.effective_payment_state(country).enabled


def test_check_now_button_shows_the_answer(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        make_connector: MakeConnector, adyen: str) -> None:
    make_country("FR")
    make_connector()
    signed_in("finance")
    assert client.post("/payments/countries/FR/check").status_code == 302
    page = client.get("/payments/countries/FR").get_data(as_text=True)
    assert "Adyen answered for FR in EUR" in page and "sepadirectdebit" in page

    set_failure(adyen, {"mode": "401"})
    assert client.post("/payments/countries/FR/check").status_code == 302
    page = client.get("/payments/countries/FR").get_data(as_text=True)
    assert "The health check failed: Adyen refused the API key" in page
    assert len(operations.health_checks("FR")) == 2  # the failure is kept too


def test_check_now_needs_the_configure_permission(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        make_connector: MakeConnector) -> None:
    make_country("FR")
    make_connector()
    signed_in("launch_manager")
    assert client.post("/payments/countries/FR/check").status_code == 403
    assert operations.health_checks("FR") == []


def test_methods_page_lists_settings_and_offers(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        make_connector: MakeConnector) -> None:
    make_country("FR")
    make_connector()
    signed_in("finance")
    page = client.get("/payments/countries/FR/methods").get_data(as_text=True)
    assert "cartebancaire" in page  # Management settings covering FR/EUR
    assert 'value="sepadirectdebit"' in page  # Checkout offers
    assert "ideal" not in page  # NL only
    response = client.post("/payments/countries/FR/methods",
                           data={"methods": ["scheme", "paypal"], "reason": "launch set"})
    assert response.status_code == 302
    assert operations.served_country("FR").methods == ["scheme", "paypal"]
    response = client.post("/payments/countries/FR/methods", data={"methods": ["ideal"]})
    assert response.status_code == 400
    assert "Adyen does not offer ideal for FR in EUR" in response.get_data(as_text=True)
    assert operations.served_country("FR").methods == ["scheme", "paypal"]
