"""Numbers and dates past what the database holds: a 400 or a 404 with a message, never a 500.

Closes the class "integer overflow and calendar overflow from the request": `<int:...>`
route parts (the app's `int` converter refuses what no integer column holds: past 64 bits
SQLite overflows, past 32 bits PostgreSQL refuses the comparison), integer query and form
arguments (`core.arguments.int_arg`), and dates (`parse_date`, `DateInRange`).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter, Rule

from backoffice.accounts import tokens
from backoffice.core.arguments import MAX_INTEGER, BoundedIntegerConverter
from tests.conftest import sign_in
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

HUGE = 2**70
PAST_INTEGER = 2**31  # a 64-bit number, but past what PostgreSQL's integer columns hold
SAMPLE_VALUES = {"code": "FR", "domain": "app", "locale": "fr_FR", "period": "2026-01",
                 "filename": "console.css"}


@pytest.fixture
def admin_client(client: FlaskClient, make_user: MakeUser) -> tuple[FlaskClient, dict[str, str]]:
    """The test client signed in as an admin, with the admin's token for the APIs."""
    admin = make_user("admin")
    sign_in(client, admin)
    _row, clear = tokens.create_token(admin, "probe")
    return client, {"Authorization": f"Bearer {clear}"}


def int_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]


def url_for_rule(rule: Rule, number: int) -> str:
    values = {
        name: number if isinstance(converter, IntegerConverter) else SAMPLE_VALUES.get(name, "x")
        for name, converter in rule._converters.items()
    }
    return rule.build(values, append_unknown=False)[1]


def test_every_int_route_uses_the_bounded_converter(app: Flask) -> None:
    rules = int_rules(app)
    assert len(rules) >= 15  # connectors, changes, messages, batches, users, tokens, ...
    assert all(isinstance(c, BoundedIntegerConverter)
               for rule in rules for c in rule._converters.values()
               if isinstance(c, IntegerConverter))


@pytest.mark.parametrize("number", [HUGE, PAST_INTEGER])
def test_every_int_route_answers_a_huge_number_without_a_500(
        app: Flask, admin_client: tuple[FlaskClient, dict[str, str]], make_country: MakeCountry,
        number: int) -> None:
    client, bearer = admin_client
    make_country("FR", locales=("fr_FR",), timezone="Europe/Paris", currency="EUR")
    answers = {}
    for rule in int_rules(app):
        url = url_for_rule(rule, number)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=bearer, json={})
            answers[f"{method} {url}"] = response.status_code
    assert answers and all(status == 404 for status in answers.values()), answers


def test_the_largest_integer_reaches_the_view(
        admin_client: tuple[FlaskClient, dict[str, str]]) -> None:
    client, bearer = admin_client
    response = client.get(f"/payments/connectors/{MAX_INTEGER}")
    assert response.status_code == 404
    assert "This payment connector does not exist." in response.get_data(as_text=True)
    response = client.put(f"/api/v1/admin/payments/connectors/{MAX_INTEGER}", headers=bearer,
                          json={"name": "x", "platform": "test", "merchant_account": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("query", [
    f"page={HUGE}", f"after={HUGE}", f"before={HUGE}", f"m={HUGE}", f"after={PAST_INTEGER}",
    f"m={PAST_INTEGER}", "page=0", "page=abc",
    "page=" + "9" * 5000, "after=-1", "page=\u0661",  # an Arabic-Indic digit one
])
def test_editor_arguments_past_their_range_are_a_400(
        admin_client: tuple[FlaskClient, dict[str, str]], translate: Translate, query: str) -> None:
    client, _bearer = admin_client
    translate("pl_PL")
    response = client.get(f"/catalogs/app/pl_PL/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert f"{name} must be a whole number from" in response.get_data(as_text=True)


def test_editor_form_numbers_past_64_bits_are_a_400(
        admin_client: tuple[FlaskClient, dict[str, str]], db: Session,
        translate: Translate) -> None:
    from sqlalchemy import select

    from backoffice.catalogs.models import Message

    client, _bearer = admin_client
    catalog = translate("pl_PL")
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id))
    url = f"/catalogs/app/pl_PL/messages/{message.id}"
    for data in ({"translation": "x", "version": str(HUGE)},
                 {"translation": "x", "version": str(PAST_INTEGER)},
                 {"translation": "x", "version": "1", "next": str(HUGE)}):
        response = client.post(url, data=data)
        assert response.status_code == 400
        assert "must be a whole number from" in response.get_data(as_text=True)
    response = client.post(url + "/review", data={"version": str(HUGE)})
    assert response.status_code == 400


def test_audit_page_numbers_past_their_range_are_a_400(
        admin_client: tuple[FlaskClient, dict[str, str]]) -> None:
    client, bearer = admin_client
    response = client.get(f"/audit/?page={HUGE}")
    assert response.status_code == 400
    assert "page must be a whole number from 1 to" in response.get_data(as_text=True)
    for query in (f"offset={HUGE}", f"limit={HUGE}", "limit=0", "offset=-1"):
        response = client.get(f"/api/v1/admin/audit-events?{query}", headers=bearer)
        assert response.status_code == 400, query
        assert "must be a whole number from" in response.get_json()["error"]


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01"])
def test_audit_dates_at_the_end_of_the_calendar_are_a_400(
        admin_client: tuple[FlaskClient, dict[str, str]], query: str) -> None:
    client, bearer = admin_client
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 400
    assert "date from 1900-01-01 to 2999-12-31" in response.get_data(as_text=True)
    response = client.get(f"/audit/export.csv?{query}")
    assert response.status_code == 400
    assert "date from 1900-01-01 to 2999-12-31" in response.get_data(as_text=True)
    name = "to" if "date_to" in query else "from"
    value = query.split("=")[1]
    response = client.get(f"/api/v1/admin/audit-events?{name}={value}", headers=bearer)
    assert response.status_code == 400
    assert "date from 1900-01-01 to 2999-12-31" in response.get_json()["error"]


def test_a_far_date_stays_a_working_filter(
        admin_client: tuple[FlaskClient, dict[str, str]]) -> None:
    client, bearer = admin_client
    assert client.get("/audit/?date_to=2999-12-31").status_code == 200
    assert client.get("/api/v1/admin/audit-events?to=2999-12-31",
                      headers=bearer).status_code == 200


def test_a_payment_change_at_the_end_of_the_calendar_is_refused(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("MX", stage="live", locales=("es_MX",), timezone="America/Mexico_City",
                 currency="MXN")
    signed_in("finance")
    response = client.post("/payments/countries/MX/request", data={
        "effective_at": "9999-12-31T23:30", "reason": "go"})
    assert response.status_code == 400
    assert "date from 1900-01-01 to 2999-12-31" in response.get_data(as_text=True)
