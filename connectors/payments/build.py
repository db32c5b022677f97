"""Choosing the payment connector for a provider's settings.

Apart from the interface (``connectors.payments``), so that importing the interface never
loads a provider SDK and no provider module imports what imports it.
"""

from __future__ import annotations

from connectors.payments import PaymentConnector
from connectors.payments.adyen import AdyenConnector
from connectors.payments.adyen_settings import AdyenSettings


def build_payment_connector(settings: AdyenSettings) -> PaymentConnector:
    """The connector for the given provider settings."""
    return AdyenConnector(settings)
