"""Gates into payments_live, each with a sentence a person understands."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.core.db import utcnow
from backoffice.core.gates import Gate
from backoffice.countries.models import Country
from backoffice.payments import changes, operations
from backoffice.payments.gates import payment_gates
from backoffice.payments.models import HealthCheck
from tests.support.fixture_types import MakeConnector, MakeCountry, MakeUser, SignedIn
from tests.support.state import shown_stage


def gates_of(country: Country, **kwargs: Any) -> dict[str, Gate]:
    return {gate.id: gate for gate in payment_gates(country, **kwargs)}


def test_a_ready_country_passes_every_gate_but_approval(ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    gates = gates_of(country)
    assert list(gates) == ["country_live", "connector", "methods", "health_check",
                           "webhook_hmac", "live_endpoint_prefix", "approval"]
    assert [g.id for g in gates.values() if not g.passed] == ["approval"]
    assert "Nobody has requested" in gates["approval"].message
    assert "returned 3 methods" in gates["health_check"].message
    assert all(g.passed for g in payment_gates(country, include_approval=False))


def test_a_country_with_nothing_configured(make_country: MakeCountry) -> None:
    country = make_country("PL", stage="translating", currency="PLN", timezone="Europe/Warsaw",
                           locale="pl_PL")
    gates = gates_of(country)
    assert not any(g.passed for g in gates.values())
    assert gates["country_live"].message == (
        "PL is not live (stage: Translating): it must be launched before online payment.")
    assert gates["connector"].message == "No Adyen connector serves PL."
    assert gates["methods"].message == "No payment method is enabled for PL in PLN."


def test_health_check_age_is_said_in_words(db: Session, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    check = operations.latest_health_check("FR")
    check.checked_at = utcnow() - timedelta(days=3)
    db.flush()
    gate = gates_of(country)["health_check"]
    assert not gate.passed
    assert gate.message.startswith("Adyen health check is 3 days old")
    # 23 hours is still fine; the gate is evaluated at the moment given.
    assert gates_of(country, now=check.checked_at + timedelta(hours=23))["health_check"].passed
    assert not gates_of(country, now=check.checked_at + timedelta(hours=25))[
        "health_check"].passed


def test_health_check_must_return_the_chosen_methods(
        db: Session, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    operations.choose_methods("FR", ["scheme", "ideal"])
    gate = gates_of(country)["health_check"]
    assert not gate.passed and gate.message == (
        "The last Adyen health check did not return ideal.")


def test_currency_must_match_the_country(
        db: Session, make_country: MakeCountry, make_connector: MakeConnector) -> None:
    country = make_country("FR")
    make_connector(countries=(("FR", "CHF"),))
    gate = gates_of(country)["connector"]
    assert not gate.passed and "serves FR in CHF, but the country's currency is EUR" in (
        gate.message)


def test_hmac_key_and_live_prefix(
        db: Session, make_country: MakeCountry, make_connector: MakeConnector) -> None:
    country = make_country("FR")
    connector = make_connector(hmac_key=None)
    gates = gates_of(country)
    assert not gates["webhook_hmac"].passed
    assert gates["webhook_hmac"].message == f"The webhook HMAC key of {connector.name} is not set."
    assert gates["live_endpoint_prefix"].passed  # test platform
    connector.platform = "live"
    db.flush()
    gate = gates_of(country)["live_endpoint_prefix"]
    assert not gate.passed and "live endpoint prefix is not set" in gate.message


def test_failed_last_check_fails_the_gate(db: Session, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    link = operations.served_country("FR")
    db.add(HealthCheck(connector_id=link.connector_id, country_code="FR", currency="EUR",
                       ok=False, error_kind="timeout", error_message="Adyen did not answer."))
    db.flush()
    gate = gates_of(country)["health_check"]
    assert not gate.passed and "failed: Adyen did not answer." in gate.message


def test_approval_gate_follows_the_request(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    country = ready_country("FR")
    requester = make_user("finance", email="rita@example.com")
    change = changes.request_payments_on(country, requester, reason="ready")
    gate = gates_of(country)["approval"]
    assert not gate.passed and "other than rita@example.com" in gate.message
    changes.approve_change(change, make_user("finance", email="alan@example.com"))
    gate = gates_of(country)["approval"]
    assert gate.passed and shown_stage(country) == "payments_live"


def test_country_page_lists_the_gates(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("PL", currency="PLN", timezone="Europe/Warsaw", locale="pl_PL")
    signed_in("launch_manager")
    page = client.get("/payments/countries/PL").get_data(as_text=True)
    assert "No payment method is enabled for PL in PLN." in page
    assert 'data-gate="health_check"' in page
