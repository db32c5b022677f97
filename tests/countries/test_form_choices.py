"""The new-country form offers what is in use: currencies, time zones, owners; codes are
upper-cased."""

from __future__ import annotations

import re
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.countries import choices
from backoffice.countries.models import Country
from tests.countries.test_views import form_data, selected, text
from tests.support.fixture_types import MakeUser, SignedIn


def _select(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def test_currencies_in_use_only_legal_tender_today() -> None:
    in_use = choices.currencies_in_use(date(2026, 1, 1))
    assert {"EUR", "PLN", "MXN", "CHF", "INR", "USD"} <= set(in_use)
    assert "DEM" not in in_use and "AFA" not in in_use and "XAU" not in in_use
    assert len(in_use) < 200


def test_new_country_form_groups_own_currency_and_time_zones_first(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("launch_manager")
    page = text(client.get("/countries/new?code=MX"))
    currency = _select(page, "currency")
    assert '<optgroup label="Used in this country">' in currency
    own, other = currency.split('<optgroup label="Other currencies in use">')
    assert 'value="MXN"' in own and 'value="EUR"' in other
    assert "DEM" not in currency and "(1927-2002)" not in currency
    zones = _select(page, "timezone")
    own, other = zones.split('<optgroup label="Other time zones">')
    assert "This country's time zones" in own and "America/Mexico_City" in own
    assert "America/Cancun" in own and "Europe/Warsaw" not in own and "Europe/Warsaw" in other


def test_owners_are_launch_managers_only(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser) -> None:
    make_user("translator", email="tr@example.com")
    make_user("finance", email="fi@example.com")
    make_user("launch_manager", email="lm@example.com")
    signed_in("admin")
    page = text(client.get("/countries/new?code=MX"))
    owner = _select(page, "owner")
    assert 'value="lm@example.com"' in owner
    assert "tr@example.com" not in owner and "fi@example.com" not in owner
    assert "admin" not in owner
    assert selected(page, "owner") in (None, "")  # an admin is not offered as the owner


def test_a_launch_manager_creating_a_country_owns_it_by_default(
        client: FlaskClient, signed_in: SignedIn) -> None:
    user = signed_in("launch_manager")
    assert selected(text(client.get("/countries/new?code=MX")), "owner") == user.email


def test_lower_case_codes_are_upper_cased(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    page = client.get("/countries/new?code=%20ch%20")
    assert page.status_code == 200 and "Switzerland" in text(page)
    response = client.post("/countries/new", data=form_data(code="be", version=""))
    assert response.status_code == 302, text(response)
    assert db.get(Country, "BE") is not None
