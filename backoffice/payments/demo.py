"""Demo data: a test-platform connector on the local Adyen server (``make run`` starts it)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country
from backoffice.countries.state import state_of
from backoffice.payments import operations
from backoffice.payments.models import HealthCheck, PaymentConnectorConfig

DEMO_CONNECTOR = "CarpoolDemo"
DEMO_BASE_URL = "http://127.0.0.1:8099"
DEMO_API_KEY = "local_demo_AQE_CarpoolDemo_all_roles_0001"  # noqa: S105 - works only locally
DEMO_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"  # noqa: S105
# Served countries with their currency; countries not in the database are skipped.
DEMO_COUNTRIES = [("FR", "EUR"), ("DE", "EUR"), ("ES", "EUR"), ("BE", "EUR"), ("NL", "EUR"),
                  ("PL", "PLN"), ("MX", "MXN"), ("CH", "CHF")]
# Countries whose online payment the demo switches on: one finance user asks, the other
# approves, as in real life.
DEMO_PAYMENTS_ON = ("FR", "DE")
# What the local server offers (see its demo_data.json), chosen for the demo's checked countries.
DEMO_METHODS = {
    "FR": ["scheme", "sepadirectdebit", "paypal"],
    "DE": ["scheme", "sepadirectdebit", "paypal"],
}


def load_payments() -> int:
    """Create the demo connector once; add a fresh health check for FR and DE when needed."""
    changed = 0
    existing = {code for (code,) in db.session.execute(select(Country.code))}
    connector = db.session.scalar(
        select(PaymentConnectorConfig).where(PaymentConnectorConfig.name == DEMO_CONNECTOR)
    )
    if connector is None:
        connector = operations.save_connector(
            operations.ConnectorInput(
                name=DEMO_CONNECTOR, platform="test", merchant_account=DEMO_CONNECTOR,
                api_key=DEMO_API_KEY, hmac_key=DEMO_HMAC_KEY,
                checkout_base_url=f"{DEMO_BASE_URL}/checkout/v72",
                management_base_url=f"{DEMO_BASE_URL}/management/v3",
                countries=tuple(pair for pair in DEMO_COUNTRIES if pair[0] in existing),
            ),
            reason="demo data",
        )
        changed += 1
    elif missing := [
        pair for pair in DEMO_COUNTRIES
        if pair[0] in existing and operations.served_country(pair[0]) is None
    ]:
        # Countries loaded after the connector join it on the next load.
        current = tuple((c.country_code, c.currency) for c in connector.countries)
        operations.save_connector(
            operations.ConnectorInput(
                name=connector.name, platform=connector.platform,
                merchant_account=connector.merchant_account,
                live_endpoint_prefix=connector.live_endpoint_prefix,
                checkout_base_url=connector.checkout_base_url,
                management_base_url=connector.management_base_url,
                countries=current + tuple(missing),
            ),
            connector, reason="demo data",
        )
        changed += 1
    now = utcnow()
    for code, methods in DEMO_METHODS.items():
        link = operations.served_country(code)
        if link is None or link.connector_id != connector.id:
            continue
        if link.methods != methods:
            operations.choose_methods(code, methods, reason="demo data")
            changed += 1
        recent = db.session.scalar(
            select(HealthCheck.id).where(
                HealthCheck.country_code == code, HealthCheck.ok.is_(True),
                HealthCheck.checked_at > now - timedelta(hours=12),
            )
        )
        if recent is None:
            db.session.add(HealthCheck(
                connector_id=connector.id, country_code=code, currency=link.currency,
                checked_at=now - timedelta(minutes=30), ok=True, methods=list(methods),
                elapsed_ms=42,
            ))
            changed += 1
    db.session.flush()
    return changed + _switch_on()


def _switch_on() -> int:
    from backoffice.accounts.operations import find_user_by_email
    from backoffice.payments import changes

    asker = find_user_by_email("finance@demo.example")
    approver = find_user_by_email("finance2@demo.example")
    switched = 0
    for code in DEMO_PAYMENTS_ON:
        country = db.session.get(Country, code)
        if country is None or asker is None or approver is None or changes.killable(country):
            continue
        if state_of(country).payment != "off":
            continue
        request = changes.request_payments_on(country, asker, reason="demo data")
        changes.approve_change(request, approver, note="demo data")
        switched += 1
    return switched
