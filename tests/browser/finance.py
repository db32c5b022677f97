"""Where the payment stories in the browser start: two finance users, and France served in
EUR by the demo merchant of a local Adyen."""

from __future__ import annotations

from collections.abc import Sequence

from backoffice.accounts.models import User
from backoffice.countries.models import Country
from backoffice.payments import operations as payments
from backoffice.payments.models import PaymentConnectorConfig
from tests.browser.pages import PASSWORD
from tests.factories import CountryFactory, UserFactory
from tests.support.adyen import save_local_connector


def finance_in_france(
        adyen_url: str, methods: Sequence[str]) -> tuple[User, Country, PaymentConnectorConfig]:
    """rita@ and alan@example.com (finance, :data:`PASSWORD`), FR live in EUR, a connector on
    the local Adyen at ``adyen_url`` serving it and ``methods`` chosen; not committed.
    Returns Rita, France and the connector."""
    rita = UserFactory(role="finance", email="rita@example.com", password=PASSWORD)
    UserFactory(role="finance", email="alan@example.com", password=PASSWORD)
    country = CountryFactory(code="FR", stage="live", currency="EUR", timezone="Europe/Paris",
                             locales=("fr_FR",))
    connector = save_local_connector(adyen_url)
    payments.choose_methods("FR", list(methods))
    return rita, country, connector
