"""Country pages: two-step creation, configuration, conflicts, history, permissions."""

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from backoffice.audit.models import AuditEvent
from backoffice.countries import operations as ops
from backoffice.countries import snapshots
from backoffice.countries.models import Country, Locale
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn
from tests.support.state import shown_stage


def text(response: TestResponse) -> str:
    return html.unescape(response.get_data(as_text=True))


def form_data(**changes: str) -> dict[str, str]:
    data = {"locales": "fr_BE fr_FR\nnl_BE nl_NL", "currency": "EUR",
            "timezone": "Europe/Brussels", "max_seats_per_ride": "4", "owner": "",
            "notes": "", "reason": "", "version": "1"}
    data.update(changes)
    return data


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)
    assert match, name
    return match.group(1)


def selected(page: str, name: str) -> str | None:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    match = re.search(r'<option selected value="([^"]*)"', select_html) or re.search(
        r'<option value="([^"]*)" selected', select_html)
    return match.group(1) if match else None


# --- creation -------------------------------------------------------------------------


def test_creating_a_country_is_two_steps_prefilled_from_cldr(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("launch_manager")
    step_one = client.get("/countries/new")
    assert step_one.status_code == 200 and 'name="code"' in text(step_one)

    step_two = client.get("/countries/new?code=CH")
    page = text(step_two)
    assert step_two.status_code == 200
    assert "Switzerland" in page
    locales = textarea(page, "locales").splitlines()
    assert locales[0] == "de_CH de_DE"
    assert {"fr_CH fr_FR", "it_CH it_IT"} <= set(locales)
    assert selected(page, "currency") == "CHF"
    assert selected(page, "timezone") == "Europe/Zurich"
    assert "Plural rules" in page and "2, 3, 4" in page  # sample numbers per category

    response = client.post("/countries/new", data=form_data(
        code="CH", locales="de_CH de_DE\nfr_CH fr_FR\nit_CH", currency="CHF",
        timezone="Europe/Zurich", max_seats_per_ride="3", owner=user.email, version=""))
    assert response.status_code == 302, text(response)
    assert response.headers["Location"].endswith("/countries/CH")
    country = db.get(Country, "CH")
    assert country.locale_codes == ["de_CH", "fr_CH", "it_CH"]
    assert db.get(Locale, "it_CH").parent_code is None  # the offered parent was removed
    assert country.max_seats_per_ride == 3 and country.owner_id == user.id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "country.created"))
    assert event.actor_id == user.id
    assert snapshots.versions(country)[0].author_email == user.email


def test_a_country_with_two_currencies_asks_to_pick(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    page = text(client.get("/countries/new?code=PA"))
    assert "several currencies" in page and "PAB, USD" in page
    assert selected(page, "currency") in (None, "")
    response = client.post("/countries/new", data=form_data(
        code="PA", locales="es_PA es_ES", currency="", timezone="America/Panama"))
    assert response.status_code == 400
    assert "A currency is required." in text(response)
    assert db.get(Country, "PA") is None


@pytest.mark.parametrize(("code", "message"), [
    ("c1", '"C1" is not a country code: use two capital letters'),
    ("XX", '"XX" is not an ISO 3166-1 country code'),
    ("", '"" is not a country code'),
])
def test_step_one_refuses_bad_codes(
        client: FlaskClient, signed_in: SignedIn, code: str, message: str) -> None:
    signed_in("launch_manager")
    response = client.get(f"/countries/new?code={code}")
    assert response.status_code == 400
    assert message in text(response)


@pytest.mark.parametrize(("changes", "message"), [
    ({"max_seats_per_ride": "0"}, "from 1 to 8"),
    ({"max_seats_per_ride": "9"}, "from 1 to 8"),
    ({"max_seats_per_ride": "abc"}, "from 1 to 8"),
    ({"locales": "fr_BE\nzz_ZZ@nope"}, 'Line 2: "zz_ZZ@nope": unknown modifier @nope'),
    ({"locales": "fr_BE fr_CA\nfr_CA fr_BE"}, "Line 1: Parent cycle: fr_BE -> fr_CA -> fr_BE"),
    ({"locales": "fr_BE fr_BE"}, "cannot be its own parent"),
    ({"locales": "fr_BE fr_FR extra"}, "Line 1"),
    ({"locales": ""}, "at least one locale"),
    ({"currency": "EUX"}, '"EUX" is not a currency code'),
    ({"timezone": "Mars/Olympus"}, "not a time zone"),
    ({"owner": "ghost@example.com"}, "No active user"),
    ({"code": "b1"}, "use two capital letters"),
])
def test_bad_form_input_is_shown_and_nothing_is_written(
        client: FlaskClient, signed_in: SignedIn, db: Session, changes: dict[str, str],
        message: str) -> None:
    signed_in("launch_manager")
    response = client.post("/countries/new", data=form_data(**{"code": "BE", **changes}))
    assert response.status_code == 400
    assert message in text(response)
    assert db.scalar(select(Country)) is None
    assert db.scalar(select(Locale)) is None


def test_duplicate_country_is_refused(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("BE")
    signed_in("launch_manager")
    assert "BE already exists" in text(client.get("/countries/new?code=BE"))
    response = client.post("/countries/new", data=form_data(code="BE"))
    assert response.status_code == 400 and "BE already exists" in text(response)


def test_defaults_endpoint(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    data = client.get("/countries/defaults/PA.json").get_json()
    assert data["currencies"] == ["PAB", "USD"] and data["currency"] == ""
    assert data["locales"] == [{"code": "es_PA", "parent": "es_ES"}]
    bad = client.get("/countries/defaults/pa.json")
    assert bad.status_code == 400 and "two capital letters" in bad.get_json()["error"]


# --- configuration, conflicts, history ---------------------------------------------------


def test_saving_the_configuration_creates_a_version_shown_in_the_history(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager")
    country = make_country("BE")
    response = client.post("/countries/BE/configuration", data=form_data(
        max_seats_per_ride="3", notes="fewer seats", reason="insurance"))
    assert response.status_code == 302, text(response)
    assert country.version == 2 and country.max_seats_per_ride == 3
    page = text(client.get("/countries/BE"))
    assert "Version 2" in page
    history = page[page.index('id="history"'):]
    assert "insurance" in history
    assert re.search(r"<del>4</del>.*?<ins>3</ins>", history, re.S)
    assert "<ins>fewer seats</ins>" in history


def test_a_stale_save_is_a_conflict_that_keeps_the_typed_values(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager")
    country = make_country("BE")
    ops.update_country(country, snapshots.config_from_snapshot(
        {**snapshots.snapshot(country), "notes": "their notes"}), expected_version=1)
    response = client.post("/countries/BE/configuration",
                           data=form_data(notes="my careful notes", version="1"))
    assert response.status_code == 409
    page = text(response)
    assert "changed by someone else" in page
    assert textarea(page, "notes").strip() == "my careful notes"  # nothing lost
    conflict = page[page.index('class="data conflict"'):]
    assert "my careful notes" in conflict and "their notes" in conflict
    assert 'name="version" type="hidden" value="2"' in page or 'value="2"' in page
    assert country.notes == "their notes" and country.version == 2
    # Saving again from the conflict page (now at version 2) keeps the person's values.
    again = client.post("/countries/BE/configuration",
                        data=form_data(notes="my careful notes", version="2"))
    assert again.status_code == 302
    assert country.notes == "my careful notes" and country.version == 3


def test_restore_from_the_history(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager")
    country = make_country("BE")
    client.post("/countries/BE/configuration", data=form_data(currency="USD"))
    assert country.currency == "USD"
    response = client.post("/countries/BE/versions/1/restore", data={"version": "2"})
    assert response.status_code == 302
    assert country.currency == "EUR" and country.version == 3
    stale = client.post("/countries/BE/versions/2/restore", data={"version": "2"})
    assert stale.status_code == 409 and "changed by someone else" in text(stale)
    assert country.currency == "EUR" and country.version == 3


def test_stage_moves_are_made_through_the_launch_pipeline(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("launch_manager")
    country = make_country("BE")
    page = text(client.get("/countries/BE"))
    assert "/countries/BE/readiness" in page and "/countries/BE/stage" not in page
    response = client.post("/countries/BE/moves", data={"stage": "translating",
                                                        "reason": "translation starts"})
    assert response.status_code == 302
    assert shown_stage(country) == "translating"
    refused = client.post("/countries/BE/moves", data={"stage": "live", "reason": "go"})
    assert refused.status_code == 409 and "no catalog yet" in text(refused)
    assert shown_stage(country) == "translating"


# --- permissions ----------------------------------------------------------------------


def test_viewer_reads_but_cannot_write(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("BE")
    signed_in("viewer")
    assert client.get("/countries/").status_code == 200
    page = text(client.get("/countries/BE"))
    assert "fr_BE → fr_FR" in page and 'name="locales"' not in page
    assert "New country" not in text(client.get("/countries/"))
    assert client.get("/countries/new").status_code == 403
    assert client.post("/countries/new", data=form_data(code="FR")).status_code == 403
    assert client.post("/countries/BE/configuration", data=form_data()).status_code == 403
    assert client.post("/countries/BE/moves", data={"stage": "translating",
                                                    "reason": "x"}).status_code == 403
    assert client.post("/countries/BE/versions/1/restore",
                       data={"version": "1"}).status_code == 403


def test_scoped_launch_manager_manages_only_their_countries(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("BE")
    make_country("PL", locales=(("pl_PL", None),), currency="PLN", timezone="Europe/Warsaw")
    signed_in("launch_manager", countries=("PL", "MX"))
    refused = client.get("/countries/new?code=FR")
    assert refused.status_code == 400 and "You do not manage FR" in text(refused)
    assert client.post("/countries/new", data=form_data(code="FR")).status_code == 403
    assert db.get(Country, "FR") is None
    assert client.get("/countries/new?code=MX").status_code == 200
    assert client.post("/countries/BE/configuration", data=form_data()).status_code == 403
    assert client.post("/countries/BE/moves", data={"stage": "translating",
                                                    "reason": "x"}).status_code == 403
    assert 'name="locales"' not in text(client.get("/countries/BE"))
    response = client.post("/countries/PL/configuration", data=form_data(
        locales="pl_PL", currency="PLN", timezone="Europe/Warsaw", notes="mine"))
    assert response.status_code == 302
    assert db.get(Country, "PL").notes == "mine"


def test_anonymous_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/countries/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_country_is_404(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    assert client.get("/countries/ZZ").status_code == 404
    assert client.get("/countries/fr").status_code == 404


# --- dashboard and list -------------------------------------------------------------------


@pytest.fixture
def three_countries(make_country: MakeCountry, make_user: MakeUser) -> None:
    make_user("launch_manager", email="ann@example.com")
    make_country("BE", stage="translating", owner="ann@example.com")
    make_country("FR", locales=(("fr_FR", None),), timezone="Europe/Paris", stage="live")
    make_country("PL", locales=(("pl_PL", None),), currency="PLN", timezone="Europe/Warsaw")


def table_codes(page: str) -> list[str]:
    return re.findall(r'<tr data-code="([A-Z]{2})">', page)


@pytest.mark.usefixtures("three_countries")
@pytest.mark.parametrize(("query", "codes"), [
    ("", ["BE", "FR", "PL"]),
    ("?sort=name&dir=desc", ["PL", "FR", "BE"]),
    ("?sort=stage", ["PL", "BE", "FR"]),
    ("?sort=currency&dir=desc", ["PL", "BE", "FR"]),
    ("?stage=live", ["FR"]),
    ("?locale=nl_BE", ["BE"]),
    ("?currency=PLN", ["PL"]),
    ("?owner=ann@example.com", ["BE"]),
    ("?q=fra", ["FR"]),
    ("?sort=nonsense&stage=nonsense", ["BE", "FR", "PL"]),
])
def test_dashboard_table_sorts_and_filters_on_the_server(
        client: FlaskClient, signed_in: SignedIn, query: str, codes: list[str]) -> None:
    signed_in("viewer")
    for path in ("/", "/countries/"):
        response = client.get(path + query)
        assert response.status_code == 200
        assert table_codes(text(response)) == codes


@pytest.mark.usefixtures("three_countries")
def test_dashboard_map_is_coloured_by_stage_and_named_in_the_readers_language(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("viewer")
    page = text(client.get("/"))
    assert re.search(r'<path class="stage-translating" data-code="BE"', page)
    # France is live without its catalog: at risk.
    assert re.search(r'<path class="stage-live at-risk" data-code="FR"', page)
    assert re.search(r'<path class="stage-none" data-code="DE"', page)
    assert "Belgium — Translating" in page
    user.language = "fr"
    db.flush()
    page = text(client.get("/"))
    assert "Belgique" in page and "Allemagne" not in page.split("<table")[1]


def test_country_page_shows_the_sections_of_other_domains(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice.core import navigation
    from backoffice.core.permissions import Permission

    make_country("BE")
    monkeypatch.setattr(navigation, "COUNTRY_SECTIONS", [
        ("countries.detail", Permission.COUNTRIES_READ, "Payments panel"),
        ("countries.detail", Permission.USERS_WRITE, "Admins only"),
    ])
    signed_in("viewer")
    page = text(client.get("/countries/BE"))
    tabs = page[page.index('class="tabs"'):page.index("</nav>", page.index('class="tabs"'))]
    assert "Payments panel" in tabs and "Admins only" not in tabs
    assert "audit" not in tabs  # viewers have no audit log
