"""The demo merchant of the local Adyen server (``connectors/payments/local_adyen``): its
keys, and connectors that point at a running server."""

from __future__ import annotations

from typing import Any

from backoffice.payments import operations
from backoffice.payments.demo import DEMO_API_KEY, DEMO_CONNECTOR, DEMO_HMAC_KEY
from backoffice.payments.models import PaymentConnectorConfig
from connectors.payments.local_adyen import checkout_base_url, management_base_url

MERCHANT, API_KEY, HMAC_KEY = DEMO_CONNECTOR, DEMO_API_KEY, DEMO_HMAC_KEY
# The shipped demo data's key that may use Checkout only.
CHECKOUT_ONLY_KEY = "local_demo_AQE_CarpoolDemo_checkout_only_0002"  # noqa: S105


def connector_input(adyen_url: str, **overrides: Any) -> operations.ConnectorInput:
    """The demo merchant on the local Adyen at ``adyen_url``, serving FR in EUR unless
    ``overrides`` say otherwise."""
    values: dict[str, Any] = {
        "name": MERCHANT,
        "platform": "test",
        "merchant_account": MERCHANT,
        "api_key": API_KEY,
        "hmac_key": HMAC_KEY,
        "checkout_base_url": checkout_base_url(adyen_url),
        "management_base_url": management_base_url(adyen_url),
        "countries": (("FR", "EUR"),),
    }
    values.update(overrides)
    return operations.ConnectorInput(**values)


def save_local_connector(adyen_url: str, **overrides: Any) -> PaymentConnectorConfig:
    """Save :func:`connector_input` as a new connector (not flushed, not committed)."""
    return operations.save_connector(connector_input(adyen_url, **overrides))
