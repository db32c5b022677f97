"""The connector form and the payment pages."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.core.navigation import COUNTRY_SECTIONS
from backoffice.payments import operations
from backoffice.payments.models import PaymentConnectorConfig
from tests.support.adyen import API_KEY, HMAC_KEY
from tests.support.fixture_types import MakeConnector, MakeCountry, MakeUser, SignedIn


def form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Adyen EU", "platform": "test", "merchant_account": "CarpoolDemo",
        "api_key": API_KEY, "hmac_key": HMAC_KEY, "countries": "FR EUR\nde\nBE: EUR",
        "checkout_base_url": "http://127.0.0.1:8099/checkout/v72",
        "management_base_url": "http://127.0.0.1:8099/management/v3",
    }
    data.update(overrides)
    return data


def test_finance_creates_a_connector(client: FlaskClient, db: Session, signed_in: SignedIn) -> None:
    signed_in("finance")
    response = client.post("/payments/connectors/new", data=form())
    assert response.status_code == 302
    connector = db.scalar(select(PaymentConnectorConfig))
    assert connector.name == "Adyen EU" and connector.platform == "test"
    assert [(c.country_code, c.currency) for c in connector.countries] == [
        ("BE", "EUR"), ("DE", "EUR"), ("FR", "EUR")]
    page = client.get("/payments/").get_data(as_text=True)
    assert "Adyen EU" in page and "••••0001" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"platform": "live"}, "needs the live endpoint prefix"),
        ({"countries": "XX EUR"}, "not an ISO 3166-1 country code"),
        ({"countries": "FR EURO"}, "not an ISO 4217 currency code"),
        ({"countries": "FR ZZZ"}, "not an ISO 4217 currency code"),
        ({"countries": "FR EUR\nFR EUR"}, "FR is listed twice"),
        ({"countries": "PA"}, "Give the currency for PA"),
        ({"api_key": ""}, "The API key is required."),
        ({"hmac_key": "not-hex"}, "hexadecimal key"),
        ({"merchant_account": "bad account/../x"}, "merchant account must be its code"),
        ({"checkout_base_url": "ftp://example.com"}, "must be an http(s) URL"),
    ],
)
def test_bad_connector_input_is_refused_clearly(
        client: FlaskClient, db: Session, signed_in: SignedIn, overrides: dict[str, str],
        message: str) -> None:
    signed_in("finance")
    response = client.post("/payments/connectors/new", data=form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(PaymentConnectorConfig)) is None


def test_a_country_is_served_by_one_connector(
        client: FlaskClient, db: Session, signed_in: SignedIn,
        make_connector: MakeConnector) -> None:
    make_connector()
    signed_in("finance")
    response = client.post("/payments/connectors/new", data=form(
        name="Other", merchant_account="CarpoolOther", countries="FR EUR"))
    assert response.status_code == 400
    assert "FR is already served by the connector CarpoolDemo" in response.get_data(
        as_text=True)


def test_a_live_country_cannot_leave_its_connector(
        db: Session, make_user: MakeUser, ready_country: MakeCountry) -> None:
    from backoffice.core.errors import OperationError
    from backoffice.payments import changes

    country = ready_country("FR")
    changes.approve_change(changes.request_payments_on(country, make_user("finance"),
                                                       reason="ready"),
                           make_user("finance"))
    connector = operations.served_country("FR").connector
    with pytest.raises(OperationError, match="kill switch"):
        operations.save_connector(operations.ConnectorInput(
            name=connector.name, platform="test", merchant_account=connector.merchant_account,
            countries=()), connector)


def test_only_finance_configures(
        client: FlaskClient, signed_in: SignedIn, make_connector: MakeConnector) -> None:
    connector = make_connector()
    signed_in("launch_manager")
    assert client.get("/payments/").status_code == 200
    assert client.get("/payments/connectors/new").status_code == 403
    assert client.post(f"/payments/connectors/{connector.id}", data=form()).status_code == 403
    assert client.get("/payments/countries/FR/methods").status_code == 403


def test_viewers_see_no_payments(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("FR")
    signed_in("viewer")
    assert client.get("/payments/").status_code == 403
    assert client.get("/payments/countries/FR").status_code == 403


def test_unknown_country_is_a_404(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("finance")
    response = client.get("/payments/countries/ZZ")
    assert response.status_code == 404
    assert "There is no country ZZ." in response.get_data(as_text=True)


def test_country_section_is_registered() -> None:
    assert any(endpoint == "payments.country" for endpoint, _p, _l in COUNTRY_SECTIONS)


def test_changes_page_lists_requests_with_buttons(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser,
        ready_country: MakeCountry) -> None:
    from backoffice.payments import changes

    country = ready_country("FR")
    change = changes.request_payments_on(
        country, make_user("launch_manager", email="lm@example.com"), reason="ready")
    signed_in("finance")
    page = client.get("/payments/changes").get_data(as_text=True)
    assert "lm@example.com" in page and "approve-form" in page and "reject-form" in page
    response = client.post(f"/payments/changes/{change.id}/reject", data={"note": ""})
    assert response.status_code == 400
    assert "Say why" in response.get_data(as_text=True)


def test_changes_page_has_a_kill_button_while_payment_is_on(
    client: FlaskClient, signed_in: SignedIn, make_user: MakeUser, ready_country: MakeCountry
) -> None:
    from backoffice.payments import changes

    country = ready_country("FR")
    changes.approve_change(changes.request_payments_on(country, make_user("finance"),
                                                       reason="ready"),
                           make_user("finance"))
    signed_in("finance")
    page = client.get("/payments/changes").get_data(as_text=True)
    assert 'class="inline kill-form"' in page
    response = client.post("/payments/countries/FR/kill",
                           data={"reason": "fraud", "next": "changes"})
    assert response.status_code == 302 and response.location.endswith("/payments/changes")
    assert 'class="inline kill-form"' not in client.get("/payments/changes").get_data(
        as_text=True)
