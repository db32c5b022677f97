"""Automation drives a whole launch through the admin API, and the client API follows."""

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from connectors.payments.local_adyen import (
    checkout_base_url,
    load_data,
    management_base_url,
    run_local_adyen,
)
from tests.support.adyen import API_KEY, HMAC_KEY
from tests.support.fixture_types import MakeCountry, MakeUser, TokenFor


@pytest.fixture(scope="module")
def adyen_url() -> Iterator[str]:
    with run_local_adyen(load_data()) as base_url:
        yield base_url


def test_create_country_with_cldr_defaults(client: FlaskClient, bearer: TokenFor) -> None:
    manager = bearer()
    response = client.post("/api/v1/admin/countries", headers=manager,
                           json={"code": "CH", "timezone": "Europe/Zurich"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert [loc["code"] for loc in body["locales"]][:1] == ["de_CH"]
    assert {"fr_CH", "it_CH"} <= {loc["code"] for loc in body["locales"]}
    assert body["currency"] == "CHF" and body["stage"] == "planned"
    ambiguous = client.post("/api/v1/admin/countries", headers=manager,
                            json={"code": "PA", "timezone": "America/Panama"})
    assert ambiguous.status_code == 400 and "currency" in ambiguous.get_json()["error"]
    for bad in ({"code": "fr"}, {"code": "XX"}, {"code": "CH"}):
        assert client.post("/api/v1/admin/countries", headers=manager,
                           json=bad).status_code == 400


def test_update_with_a_stale_version_is_a_conflict(client: FlaskClient, bearer: TokenFor) -> None:
    manager = bearer()
    client.post("/api/v1/admin/countries", headers=manager, json={"code": "PL"})
    ok = client.patch("/api/v1/admin/countries/PL", headers=manager,
                      json={"version": 1, "max_seats_per_ride": 3})
    assert ok.status_code == 200 and ok.get_json()["max_seats_per_ride"] == 3
    stale = client.patch("/api/v1/admin/countries/PL", headers=manager,
                         json={"version": 1, "max_seats_per_ride": 8})
    assert stale.status_code == 409
    assert client.get("/api/v1/admin/countries/PL",
                      headers=manager).get_json()["max_seats_per_ride"] == 3


def test_two_step_launch_through_the_api(
        client: FlaskClient, bearer: TokenFor, adyen_url: str, make_user: MakeUser) -> None:
    manager, finance_a, finance_b = bearer(), bearer("finance"), bearer("finance")
    assert client.post("/api/v1/admin/countries", headers=manager,
                       json={"code": "FR", "locales": ["fr_FR"]}).status_code == 201
    template = b'msgid "Book a seat"\nmsgstr ""\n'
    catalog = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
        b'msgid "Book a seat"\nmsgstr "R\xc3\xa9server une place"\n'
    imported = client.post("/api/v1/admin/catalogs/app/fr_FR/import", headers=manager,
                           data=catalog, content_type="text/x-gettext-translation")
    assert imported.status_code == 200, imported.get_json()
    pushed = client.post("/api/v1/admin/catalogs/app/template", headers=manager, data=template)
    assert pushed.get_json()["catalogs"]["fr_FR"]["kept"] == 1
    for stage in ("translating", "live"):
        moved = client.post("/api/v1/admin/countries/FR/transitions", headers=manager,
                            json={"stage": stage, "reason": "step"})
        assert moved.status_code == 200, moved.get_json()
    assert client.get("/api/v1/countries/FR").get_json()["online_payment"]["enabled"] is False

    connector = client.post("/api/v1/admin/payments/connectors", headers=finance_a, json={
        "name": "CarpoolDemo", "platform": "test", "merchant_account": "CarpoolDemo",
        "api_key": API_KEY, "hmac_key": HMAC_KEY,
        "checkout_base_url": checkout_base_url(adyen_url),
        "management_base_url": management_base_url(adyen_url),
        "countries": [{"country": "FR", "currency": "EUR"}],
    })
    assert connector.status_code == 201, connector.get_json()
    assert API_KEY not in connector.get_data(as_text=True)
    assert connector.get_json()["api_key"].endswith(API_KEY[-4:])
    methods = client.put("/api/v1/admin/countries/FR/payment-methods", headers=finance_a,
                         json={"methods": ["scheme", "paypal"]})
    assert methods.status_code == 200, methods.get_json()
    check = client.post("/api/v1/admin/countries/FR/health-check", headers=finance_a, json={})
    assert check.get_json()["ok"] is True, check.get_json()

    request = client.post("/api/v1/admin/countries/FR/payment-requests", headers=finance_a,
                          json={"reason": "ready"})
    assert request.status_code == 201, request.get_json()
    change_id = request.get_json()["id"]
    own = client.post(f"/api/v1/admin/payment-requests/{change_id}/approve",
                      headers=finance_a, json={})
    assert own.status_code == 400 and "another" in own.get_json()["error"]
    approved = client.post(f"/api/v1/admin/payment-requests/{change_id}/approve",
                           headers=finance_b, json={"note": "four eyes"})
    assert approved.status_code == 200, approved.get_json()

    live = client.get("/api/v1/countries/FR").get_json()
    assert live["stage"] == "payments_live"
    assert live["online_payment"] == {"enabled": True, "methods": ["scheme", "paypal"]}

    assert client.post("/api/v1/admin/countries/FR/kill", headers=finance_b,
                       json={"reason": ""}).status_code == 400
    killed = client.post("/api/v1/admin/countries/FR/kill", headers=finance_b,
                         json={"reason": "chargebacks"})
    assert killed.get_json()["stage"] == "live"
    assert client.get("/api/v1/countries/FR").get_json()["online_payment"]["enabled"] is False
    readiness = client.get("/api/v1/admin/countries/FR/readiness", headers=manager).get_json()
    assert "payment_health_check" in {g["id"] for g in readiness["gates"]["payments_live"]}


def test_idcheck_policy_and_marketing_plan_through_the_api(
        client: FlaskClient, bearer: TokenFor, make_country: MakeCountry) -> None:
    make_country(code="IN", stage="live", locales=("hi_IN",), currency="INR",
                 timezone="Asia/Kolkata")
    manager = bearer()
    bad = client.put("/api/v1/admin/countries/IN/idcheck-policy", headers=manager, json={
        "required_for_drivers": True, "documents": ["driving_licence"],
        "providers": ["jumio"]})
    assert bad.status_code == 400 and "Jumio" in bad.get_json()["error"]
    good = client.put("/api/v1/admin/countries/IN/idcheck-policy", headers=manager, json={
        "required_for_drivers": True, "required_for_passengers": False,
        "documents": ["passport", "national_id"], "providers": ["onfido", "manual"]})
    assert good.status_code == 200, good.get_json()
    assert client.get("/api/v1/countries/IN").get_json()["id_check"] == {
        "required_for_drivers": True, "required_for_passengers": False,
        "documents": ["passport", "national_id"], "providers": ["onfido", "manual"]}

    plan = {"budget": "10000", "driver_share": "50", "passenger_share": "50",
            "allocations": {"driver": {"social": "5000"}, "passenger": {"tv": "4000"}}}
    off = client.put("/api/v1/admin/countries/IN/marketing-plans/2026-Q2", headers=manager,
                     json=plan)
    assert off.status_code == 400 and "1,000" in off.get_json()["error"]
    plan["allocations"]["passenger"]["tv"] = "5000"
    saved = client.put("/api/v1/admin/countries/IN/marketing-plans/2026-Q2", headers=manager,
                       json=plan)
    assert saved.status_code == 200, saved.get_json()
    assert client.get("/api/v1/admin/countries/IN/marketing-plans/2026-Q2",
                      headers=bearer("viewer")).status_code == 200
