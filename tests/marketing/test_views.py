import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.core.navigation import COUNTRY_SECTIONS
from backoffice.marketing import operations, rollup
from backoffice.marketing.models import ExchangeRate, MarketingPlan
from tests.marketing.test_operations import plan_data
from tests.support.fixture_types import MakeCountry, SignedIn


def plan_form(**overrides: str) -> dict[str, str]:
    form = {
        "period": "2026-Q2", "budget": "10000", "driver_share": "50",
        "passenger_share": "50", "driver_tv": "2000", "driver_social": "3000",
        "passenger_search": "5000", "target_new_drivers": "100",
        "target_new_passengers": "900",
    }
    form.update(overrides)
    return form


def test_the_country_section_is_registered(app: Flask) -> None:
    assert any(endpoint == "marketing.country" for endpoint, _p, _l in COUNTRY_SECTIONS)


def test_creating_a_plan_from_the_form(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    signed_in("launch_manager")
    response = client.post("/marketing/countries/FR/plans/new", data=plan_form())
    assert response.status_code == 302
    plan = db.scalar(select(MarketingPlan))
    assert plan.period == "2026-Q2" and plan.budget == Decimal("10000.00")
    page = client.get(response.location).get_data(as_text=True)
    assert "Plan 2026-Q2 for FR created." in page
    assert "€10,000.00" in page
    assert "<svg" in page and "series-driver" in page


def test_country_page_shows_age_bands_and_spend(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    data = plan_data(age_bands={"driver": {"18-24": "20", "25-34": "80"}})
    plan = operations.save_plan(make_country("PL", currency="PLN"), "2026-Q1", data,
                                expected_version=None)
    operations.record_spend(plan, "driver", "tv", "2500", "2026-01-02", "<b>invoice</b>")
    signed_in("viewer")
    html = client.get("/marketing/countries/PL").get_data(as_text=True)
    assert '<td class="num">20</td>' in html
    assert '<td class="num over">PLN2,500.00</td>' in html  # over the planned PLN2,000.00
    assert "&lt;b&gt;invoice&lt;/b&gt;" in html
    assert "Spend by channel: planned and actual" in html


def test_plan_forms_render(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    signed_in("launch_manager")
    assert 'name="period"' in client.get("/marketing/countries/FR/plans/new").get_data(
        as_text=True)
    html = client.get("/marketing/countries/FR/plans/2026-Q1").get_data(as_text=True)
    assert 'name="driver_tv" type="text" value="2000.00"' in html
    assert client.get("/marketing/countries/FR/plans/2026-Q3").status_code == 404
    assert client.get("/marketing/countries/FR/plans/soon").status_code == 400
    assert client.get("/marketing/countries/XX").status_code == 404


def test_the_form_says_what_is_off_and_by_how_much(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    user = signed_in("launch_manager")
    user.language = "fr"
    db.flush()
    response = client.post("/marketing/countries/FR/plans/new",
                           data=plan_form(driver_tv="1500"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    # A French reader gets French words and French number formatting.
    assert ("Les canaux conducteurs totalisent 4\u202f500,00\xa0€, mais la part conducteurs "
            "est de 5\u202f000,00\xa0€") in html
    assert "il manque 500,00\xa0€" in html
    assert 'value="1500"' in html  # typed values are kept
    assert db.scalar(select(MarketingPlan)) is None


def test_bad_values_are_field_errors_never_500(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    signed_in("admin")
    response = client.post("/marketing/countries/FR/plans/new",
                           data=plan_form(budget="-10", passenger_share="40", period="2026-Q7"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is not a period" in html
    response = client.post("/marketing/countries/FR/plans/new",
                           data=plan_form(budget="-10", passenger_share="40"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Budget cannot be negative." in html
    assert "add up to 90%, not 100%." in html
    assert db.scalar(select(MarketingPlan)) is None
    # Past the decimal context's 28 digits: still a sentence on the field.
    for huge in ("1e400", "9" * 32):
        response = client.post("/marketing/countries/FR/plans/new",
                               data=plan_form(budget=huge, driver_tv=huge))
        assert response.status_code == 400
        assert "Budget is too large." in response.get_data(as_text=True)
    assert db.scalar(select(MarketingPlan)) is None


def test_a_stale_edit_is_refused_keeping_the_typed_values(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    country = make_country("FR", currency="EUR")
    operations.save_plan(country, "2026-Q2", plan_data(), expected_version=None)
    operations.save_plan(country, "2026-Q2", plan_data(target_new_drivers="5"),
                         expected_version=1)
    signed_in("launch_manager")
    response = client.post("/marketing/countries/FR/plans/2026-Q2",
                           data=plan_form(version="1", target_new_drivers="777"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this plan" in html
    assert 'value="777"' in html
    assert re.search(r'name="version" type="hidden" value="2"', html)
    db.expire_all()
    assert db.scalar(select(MarketingPlan)).target_new_drivers == 5

    again = client.post("/marketing/countries/FR/plans/2026-Q2",
                        data=plan_form(version="2", target_new_drivers="777"))
    assert again.status_code == 302
    db.expire_all()
    assert db.scalar(select(MarketingPlan)).target_new_drivers == 777


def test_write_permissions_and_country_scope(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    make_country("PL", currency="PLN")
    signed_in("viewer")
    assert client.get("/marketing/countries/FR").status_code == 200
    assert client.post("/marketing/countries/FR/plans/new", data=plan_form()).status_code == 403
    assert client.post("/marketing/rates", data={}).status_code == 403


def test_launch_manager_scoped_to_another_country_is_refused(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    signed_in("launch_manager", countries=("PL",))
    assert client.post("/marketing/countries/FR/plans/new", data=plan_form()).status_code == 403
    assert db.scalar(select(MarketingPlan)) is None
    assert "New plan" not in client.get("/marketing/countries/FR").get_data(as_text=True)


def test_recording_spend(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    country = make_country("FR", currency="EUR")
    plan = operations.save_plan(country, "2026-Q2", plan_data(), expected_version=None)
    signed_in("launch_manager")
    bad = client.post("/marketing/countries/FR/plans/2026-Q2/spend",
                      data={"audience": "driver", "channel": "tv", "amount": "-1",
                            "spent_on": "2026-04-02"})
    assert bad.status_code == 400
    assert "Amount cannot be negative." in bad.get_data(as_text=True)
    ok = client.post("/marketing/countries/FR/plans/2026-Q2/spend",
                     data={"audience": "driver", "channel": "tv", "amount": "250",
                           "spent_on": "2026-04-02"})
    assert ok.status_code == 302
    db.expire_all()
    assert operations.total_spend(db.get(MarketingPlan, plan.id)) == Decimal("250.00")


def test_index_rolls_up_with_a_missing_rate_shown_as_missing(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    operations.save_plan(make_country("PL", currency="PLN"), "2026-Q1", plan_data(),
                         expected_version=None)
    operations.save_plan(make_country("IN", currency="INR"), "2026-Q1", plan_data(),
                         expected_version=None)
    rollup.set_rate("PLN", "EUR", "0.25", "2026-01-01")
    signed_in("viewer")
    html = client.get("/marketing/?period=2026-Q1&reporting=EUR").get_data(as_text=True)
    assert "No exchange rate to EUR for: INR." in html
    assert "rate missing: INR" in html
    assert '<th class="num total-budget">€12,500.00</th>' in html
    assert 'style="' not in html


def test_rates_are_maintained_from_the_console(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    bad = client.post("/marketing/rates", data={"currency": "ZZZ", "reporting_currency": "EUR",
                                                "rate": "1", "as_of": "2026-01-01"})
    assert bad.status_code == 400
    assert "is not an ISO 4217 currency code" in bad.get_data(as_text=True)
    ok = client.post("/marketing/rates", data={"currency": "pln", "reporting_currency": "EUR",
                                               "rate": "0,2345", "as_of": "2026-01-01"})
    assert ok.status_code == 302
    rate = db.scalar(select(ExchangeRate))
    assert (rate.currency, rate.rate) == ("PLN", Decimal("0.2345"))


def test_csv_export(client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    operations.save_plan(make_country("FR", currency="EUR"), "2026-Q1", plan_data(notes="@SUM(A1)"),
                         expected_version=None)
    signed_in("viewer")
    response = client.get("/marketing/export.csv?country=FR")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.count("FR,2026-Q1,EUR,10000.00") == 14
    assert "'@SUM(A1)" in text
    assert client.get("/marketing/export.csv?period=nope").status_code == 400


def test_plan_json(client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    operations.save_plan(country, "2026-Q1", plan_data(), expected_version=None)
    signed_in("viewer")
    data = client.get("/marketing/countries/FR/plans/2026-Q1.json").get_json()
    assert data["budget"] == "10000.00"
    assert data["allocations"]["driver"]["tv"] == "2000.00"
    assert client.get("/marketing/countries/FR/plans/2026-Q3.json").status_code == 404
