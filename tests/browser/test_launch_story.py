"""Poland launches, as the people who launch it would do it, one browser each.

The launch manager opens the country and loads its app catalog, a translator translates
it, the launch manager takes the country live once the translation gate passes, two
finance users switch online payment on (four eyes) against a local Adyen-compatible
server, the client API follows, the kill switch turns it off again, and the timeline
tells the whole story. After launch, a template push puts Poland at risk and a pause
scheduled for a later minute takes effect with every page, and the apps, following.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from playwright.sync_api import APIRequestContext, Browser, Page, expect

from backoffice.accounts import operations as accounts
from backoffice.core.db import db
from connectors.payments.local_adyen import (
    checkout_base_url,
    load_data,
    management_base_url,
    run_local_adyen,
)
from tests.browser.pages import (
    PASSWORD,
    CatalogEditor,
    CatalogUploadPage,
    ConnectorPage,
    Console,
    CountryPage,
    CountryPaymentsPage,
    NewCountryPage,
    ReadinessPage,
    sign_in,
)
from tests.catalogs.workspace import PL_HEADER
from tests.support.adyen import API_KEY, HMAC_KEY

pytestmark = pytest.mark.browser

MANAGER = "lena@example.com"
TRANSLATOR = "piotr@example.com"
FINANCE_A = "rita@example.com"
FINANCE_B = "alan@example.com"

# The template the app's developers hand over: nothing translated yet.
TEMPLATE = PL_HEADER + '''
#: app/search.py:10
msgid "Search rides"
msgstr ""

msgctxt "button"
msgid "Book"
msgstr ""

#. Translators: %(name)s is the driver's first name.
msgid "Ride with %(name)s"
msgstr ""
'''
TRANSLATIONS = {
    "Search rides": "Szukaj przejazdów",
    "Book": "Zarezerwuj",
    "Ride with %(name)s": "Jedź z %(name)s",
}
METHODS = ["blik", "scheme"]


def _create_users(app: Flask) -> None:
    with app.app_context():
        accounts.create_user(MANAGER, "launch_manager", PASSWORD)
        accounts.create_user(TRANSLATOR, "translator", PASSWORD, locales=("pl_PL",))
        accounts.create_user(FINANCE_A, "finance", PASSWORD)
        accounts.create_user(FINANCE_B, "finance", PASSWORD)
        db.session.commit()


def _log_errors(page: Page, errors: list[str]) -> None:
    """Script errors and Content-Security-Policy violations the browser reports."""
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))


@pytest.fixture
def browser_errors() -> list[str]:
    return []


@pytest.fixture
def person(
        browser: Browser, live_server: str,
        browser_errors: list[str]) -> Iterator[Callable[[str], Page]]:
    """Each person signs in in a browser of their own; all are closed at the end."""
    contexts = []

    def sign_in_as(email: str) -> Page:
        context = browser.new_context(locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        _log_errors(page, browser_errors)
        sign_in(page, live_server, email)
        Console(page, live_server).expect_heading("Dashboard")
        return page

    yield sign_in_as
    for context in contexts:
        context.close()


@pytest.fixture
def apps(browser: Browser) -> Iterator[APIRequestContext]:
    """The carpooling apps: no session, they read the client API."""
    context = browser.new_context()
    yield context.request
    context.close()


def _client_api(apps: APIRequestContext, live_server: str, code: str) -> dict:
    """What the apps read: the public client API, without a session."""
    answer = apps.get(f"{live_server}/api/v1/countries/{code}")
    assert answer.status == 200, answer.text()
    return answer.json()


def test_poland_launches_with_online_payment_and_finance_can_stop_it(
        live_app: Flask, live_server: str, page: Page, person: Callable[[str], Page],
        apps: APIRequestContext, browser_errors: list[str]) -> None:
    _create_users(live_app)
    _log_errors(page, browser_errors)
    flash = page.locator(".flash")
    console = Console(page, live_server)

    # The launch manager opens Poland: CLDR fills in the form.
    sign_in(page, live_server, MANAGER)
    console.expect_heading("Dashboard")
    new_country = NewCountryPage(page, live_server).open()
    new_country.enter_code("PL")
    assert new_country.locales().splitlines()[0] == "pl_PL"
    assert page.input_value("select[name=currency]") == "PLN"
    assert page.input_value("select[name=timezone]") == "Europe/Warsaw"
    new_country.create(seats="4", reason="Poland opens this winter")
    expect(flash).to_contain_text("Poland (PL) created.")
    poland = CountryPage(page, live_server, "PL")
    poland.change_stage("translating", reason="The app catalog is ready to translate")
    expect(flash).to_contain_text("PL is now Translating.")

    # The app catalog for pl_PL, uploaded from the template.
    console.open_menu("Translations")
    page.click("text=Upload a catalog")
    CatalogUploadPage(page, live_server).upload("app", "pl_PL", "app.po", TEMPLATE.encode())
    expect(flash).to_contain_text("Catalog created with 3 messages.")

    # Nothing is translated yet: the gate fails and going live is not offered.
    poland.open()
    poland.open_tab("Readiness")
    readiness = ReadinessPage(page, live_server, "PL")
    expect(readiness.gate("catalog_pl_PL")).to_have_class("fail")
    expect(readiness.gate("catalog_pl_PL")).to_contain_text("0 of 3 messages translated")
    expect(readiness.move_button("live")).to_have_count(0)

    # The translator, in a browser of their own, translates everything from the keyboard.
    translator_page = person(TRANSLATOR)
    Console(translator_page, live_server).open_menu("Translations")
    translator_page.locator('tr[data-catalog="app/pl_PL"] a', has_text="pl_PL").click()
    editor = CatalogEditor(translator_page, live_server, "app", "pl_PL")
    editor.expect_progress("0 %")
    for msgid, text in TRANSLATIONS.items():
        editor.type_and_save_with_keyboard(msgid, text)
        editor.expect_status(msgid, "Saved")
    editor.expect_progress("100 %")
    expect(translator_page.locator('#catalog-progress [data-counter="translated"]')
           ).to_have_text("3")

    # The launch manager sees the gate pass and takes Poland live.
    readiness.open()
    expect(readiness.gate("catalog_pl_PL")).to_have_class("pass")
    expect(readiness.gate("catalog_pl_PL")).to_contain_text("3 of 3 messages translated")
    readiness.move("live", reason="Translated and ready")
    expect(flash).to_contain_text("PL is now Live.")
    assert _client_api(apps, live_server, "PL")["stage"] == "live"

    with run_local_adyen(load_data()) as adyen_url:
        # Finance user A connects Adyen, picks the methods and checks the connection.
        rita_page = person(FINANCE_A)
        Console(rita_page, live_server).open_menu("Payments")
        rita_page.click("text=New Adyen connector")
        ConnectorPage(rita_page, live_server).save(
            name="Adyen Poland", platform="test", merchant_account="CarpoolDemo",
            api_key=API_KEY, hmac_key=HMAC_KEY,
            checkout_base_url=checkout_base_url(adyen_url),
            management_base_url=management_base_url(adyen_url),
            countries="PL PLN", reason="Online payment for Poland",
        )
        expect(rita_page.locator(".flash")).to_contain_text("Connector Adyen Poland saved.")
        Console(rita_page, live_server).open_menu("Payments")
        rita_page.locator("table.connectors a", has_text="PL").click()
        rita = CountryPaymentsPage(rita_page, live_server, "PL")
        rita.choose_methods(METHODS, reason="BLIK is what Poles pay with")
        expect(rita_page.locator(".flash")).to_contain_text("Payment methods for PL saved.")
        rita.check_now()
        expect(rita_page.locator(".flash")).to_contain_text("Adyen answered for PL in PLN")
        expect(rita_page.locator('[data-gate="health_check"]')).to_have_class("gate pass")
        rita.request_payment("Poland is ready for BLIK and cards")
        expect(rita_page.locator(".flash")).to_contain_text(
            "another finance user must approve it")
        expect(rita_page.locator(".approve-form")).to_have_count(0)

        # Finance user B approves.
        alan_page = person(FINANCE_B)
        CountryPage(alan_page, live_server, "PL").open().open_tab("Payments")
        alan = CountryPaymentsPage(alan_page, live_server, "PL")
        expect(alan_page.locator(".change-requests")).to_contain_text(FINANCE_A)
        alan.approve()
        expect(alan_page.locator(".flash")).to_contain_text("online payment is on for PL")
        expect(alan_page.locator("#payment-stage")).to_have_text("Payments live")

        # The apps see it.
        answer = _client_api(apps, live_server, "PL")
        assert answer["stage"] == "payments_live"
        assert answer["online_payment"]["enabled"] is True
        assert sorted(answer["online_payment"]["methods"]) == METHODS

        # Something goes wrong: finance pulls the kill switch; the very next read is off.
        rita.open()
        rita.kill("Chargebacks are spiking")
        expect(rita_page.locator(".flash")).to_contain_text("Online payment is off for PL.")
        answer = _client_api(apps, live_server, "PL")
        assert answer["stage"] == "live"
        assert answer["online_payment"] == {"enabled": False, "methods": []}

    # The timeline tells the story, newest first.
    poland.open()
    poland.open_tab("Timeline")
    timeline = page.locator("ol.timeline")
    expect(timeline.locator('[data-action="payments.killed"]')).to_have_count(1)
    events = timeline.locator("li .sentence").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('data-action'))")
    assert events.index("payments.killed") < events.index("payments.change_approved")
    assert events.index("payments.change_approved") < events.index("payments.change_requested")
    stages = [item.inner_text() for item in timeline.locator("li").all()
              if item.locator('[data-action="country.stage_changed"]').count()]
    assert len(stages) == 4  # translating, live, payments_live, killed (live again)
    # Each as a sentence with its change field by field: the newest first.
    assert "Payments live" in stages[0] and FINANCE_A in stages[0]
    assert "Payments live" in stages[1] and FINANCE_B in stages[1]
    assert "Translated and ready" in stages[2]
    assert "Translating" in stages[3] and MANAGER in stages[3]
    expect(timeline).to_contain_text("Chargebacks are spiking")
    assert browser_errors == []  # no script error, no CSP violation, no refused form


def test_after_launch_a_template_push_puts_poland_at_risk_and_a_scheduled_pause_lands(
        live_app: Flask, live_server: str, page: Page, person: Callable[[str], Page],
        apps: APIRequestContext, browser_errors: list[str]) -> None:
    """The launch keeps needing what let it launch; a scheduled move is history once due."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from backoffice.accounts import tokens
    from backoffice.catalogs import operations as catalogs
    from backoffice.core.db import utcnow
    from backoffice.countries import operations as countries
    from backoffice.launch import operations as launch
    from tests.support.clock import Clock

    _create_users(live_app)
    translated = TEMPLATE
    for msgid, text in TRANSLATIONS.items():
        translated = translated.replace(f'msgid "{msgid}"\nmsgstr ""',
                                        f'msgid "{msgid}"\nmsgstr "{text}"')
    with live_app.app_context():
        poland = countries.create_country("PL", countries.CountryConfig(
            locales=[countries.LocaleSpec("pl_PL")], currency="PLN",
            timezone="Europe/Warsaw", max_seats_per_ride=4))
        catalogs.import_file("app", "pl_PL", translated.encode(), filename="pl.po")
        launch.move(poland, "translating", reason="translation starts")
        launch.move(poland, "live", reason="translated")
        manager = accounts.find_user_by_email(MANAGER)
        _row, clear = tokens.create_token(manager, "product CI")
        db.session.commit()
    lena = person(MANAGER)
    readiness = ReadinessPage(lena, live_server, "PL").open()
    expect(lena.locator("#country-stage")).to_have_text("Live")
    expect(lena.locator("#country-at-risk")).to_have_count(0)

    # Product CI pushes a template with one more string: Poland is live, and at risk.
    pushed = apps.post(f"{live_server}/api/v1/admin/catalogs/app/template",
                       headers={"Authorization": f"Bearer {clear}"},
                       data=(TEMPLATE + '\nmsgid "Share the ride"\nmsgstr ""\n').encode())
    assert pushed.status == 200, pushed.text()
    readiness.open()
    expect(lena.locator("#country-at-risk")).to_be_visible()
    expect(lena.locator(".at-risk-reasons")).to_contain_text(
        "pl_PL app: 3 of 4 messages translated (75 %), 100 % needed.")
    Console(lena, live_server).go("/")
    expect(lena.locator('tr[data-code="PL"] .badge.at-risk')).to_have_count(1)
    assert _client_api(apps, live_server, "PL")["incomplete_locales"] == ["pl_PL"]

    # A pause scheduled for tonight, in Warsaw's time.
    when = (utcnow() + timedelta(hours=2)).astimezone(ZoneInfo("Europe/Warsaw"))
    local = when.strftime("%Y-%m-%dT%H:%M")
    readiness.open()
    readiness.move("paused", reason="Ride rules review", at=local)
    expect(lena.locator(".flash")).to_contain_text("PL will move to Paused at")
    row = lena.locator("#scheduled-changes tr[data-change]")
    expect(row).to_contain_text("To come")
    expect(row.locator("form.cancel-form")).to_have_count(1)

    # The minute comes, with no job run: every page says paused, the apps lose Poland.
    effective = when.replace(second=0, microsecond=0).astimezone(ZoneInfo("UTC"))
    with Clock(effective + timedelta(minutes=1)):
        readiness.open()
        expect(lena.locator("#country-stage")).to_have_text("Paused")
        expect(row).to_contain_text("Took effect at")
        expect(row.locator("form.cancel-form")).to_have_count(0)
        assert apps.get(f"{live_server}/api/v1/countries/PL").status == 404
        Console(lena, live_server).go("/")
        expect(lena.locator('tr[data-code="PL"] .badge').first).to_have_text("Paused")
    assert browser_errors == []
