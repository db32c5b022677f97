"""Page objects: what a person does on a page, in the words of the page."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response, expect

PASSWORD = "browser-test-password-1"
"""The password of the accounts the browser tests create."""


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Open the sign-in page and sign in, with :data:`PASSWORD` unless told otherwise."""
    LoginPage(page, base_url).open().sign_in(email, password)


def console_errors(page: Page) -> list[str]:
    """The errors the browser's console reports from now on (script errors,
    Content-Security-Policy violations); the list fills as the page runs."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    return errors


class LoginPage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> LoginPage:
        self.page.goto(f"{self.base_url}/login")
        return self

    def sign_in(self, email: str, password: str) -> None:
        self.page.fill("input[name=email]", email)
        self.page.fill("input[name=password]", password)
        # The next page is loaded, its stylesheets included, before anyone looks at it:
        # what is visible is decided by the stylesheet.
        with self.page.expect_navigation():
            self.page.click("button[type=submit].primary")


class Console:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def nav_labels(self) -> list[str]:
        return [label.strip() for label in self.page.locator("nav.mainnav a").all_inner_texts()]

    def go(self, path: str) -> Response | None:
        return self.page.goto(f"{self.base_url}{path}")

    def open_menu(self, label: str) -> None:
        self.page.locator("nav.mainnav a", has_text=label).first.click()

    def switch_language(self, code: str) -> None:
        with self.page.expect_navigation():
            self.page.select_option("select#language", code)

    def expect_heading(self, text: str) -> None:
        expect(self.page.locator("h1")).to_contain_text(text)

    def sign_out(self) -> None:
        self.page.click("text=Sign out")


class CatalogEditor:
    """The translation editor of one catalog."""

    def __init__(self, page: Page, base_url: str, domain: str, locale: str) -> None:
        self.page = page
        self.url = f"{base_url}/catalogs/{domain}/{locale}/"

    def open(self) -> CatalogEditor:
        self.page.goto(self.url)
        return self

    def message(self, msgid: str) -> Locator:
        return self.page.locator("form.message", has=self.page.locator(
            "p.msgid", has_text=msgid)).first

    def field(self, msgid: str, form: int = 0) -> Locator:
        return self.message(msgid).locator('textarea[name="translation"]').nth(form)

    def type_and_save_with_keyboard(self, msgid: str, text: str) -> None:
        field = self.field(msgid)
        field.fill(text)
        field.press("Control+Enter")

    def save(self, msgid: str) -> None:
        self.message(msgid).locator("button.save").click()

    def expect_status(self, msgid: str, text: str) -> None:
        expect(self.message(msgid).locator(".status")).to_contain_text(text)

    def expect_progress(self, text: str) -> None:
        expect(self.page.locator("#catalog-progress [data-progress]")).to_have_text(text)


class NewCountryPage:
    """The two steps of creating a country: its code, then the form CLDR pre-fills."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> NewCountryPage:
        self.page.goto(f"{self.base_url}/countries/new")
        return self

    def enter_code(self, code: str) -> None:
        self.page.fill("input[name=code]", code)
        self.page.click("button[type=submit].primary")

    def locales(self) -> str:
        return self.page.input_value("textarea[name=locales]")

    def create(self, seats: str, reason: str = "") -> None:
        self.page.fill("input[name=max_seats_per_ride]", seats)
        if reason:
            self.page.fill("input[name=reason]", reason)
        self.page.click("button[type=submit].primary")


class CountryPage:
    """A country's configuration page and its tabs."""

    def __init__(self, page: Page, base_url: str, code: str) -> None:
        self.page = page
        self.base_url = base_url
        self.code = code

    def open(self) -> CountryPage:
        self.page.goto(f"{self.base_url}/countries/{self.code}")
        return self

    def change_stage(self, stage: str, reason: str) -> None:
        """Moves are made on the Readiness tab, through the gates."""
        self.open_tab("Readiness")
        ReadinessPage(self.page, "", self.code).move(stage, reason)

    def open_tab(self, label: str) -> None:
        self.page.locator("nav.tabs a", has_text=label).first.click()


class ReadinessPage:
    """A country's Readiness tab: the gates, and the moves they allow."""

    def __init__(self, page: Page, base_url: str, code: str) -> None:
        self.page = page
        self.url = f"{base_url}/countries/{code}/readiness"

    def open(self) -> ReadinessPage:
        self.page.goto(self.url)
        return self

    def gate(self, gate_id: str) -> Locator:
        return self.page.locator(f'[data-gate="{gate_id}"]')

    def move_button(self, stage: str) -> Locator:
        return self.page.locator(f'button[data-move="{stage}"]')

    def move(self, stage: str, reason: str, at: str = "") -> None:
        form = self.page.locator("form.move-form", has=self.move_button(stage))
        form.locator("input[name=reason]").fill(reason)
        if at:
            form.locator("input[name=at]").fill(at)
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.move_button(stage).click()


class CatalogUploadPage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.url = f"{base_url}/catalogs/upload"

    def open(self) -> CatalogUploadPage:
        self.page.goto(self.url)
        return self

    def upload(self, domain: str, locale: str, filename: str, data: bytes) -> None:
        self.page.set_input_files("input[name=file]", files=[{
            "name": filename, "mimeType": "text/x-gettext-translation", "buffer": data}])
        self.page.fill("input[name=domain]", domain)
        self.page.fill("input[name=locale]", locale)
        self.page.click("button[type=submit].primary")


class ConnectorPage:
    """The form of a new Adyen connector."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.url = f"{base_url}/payments/connectors/new"

    def open(self) -> ConnectorPage:
        self.page.goto(self.url)
        return self

    def save(self, **values: str) -> None:
        for name, value in values.items():
            selector = f"[name={name}]"
            if name == "platform":
                self.page.select_option(selector, value)
            else:
                self.page.fill(selector, value)
        self.page.click("button[type=submit].primary")


class CountryPaymentsPage:
    def __init__(self, page: Page, base_url: str, code: str) -> None:
        self.page = page
        self.url = f"{base_url}/payments/countries/{code}"

    def open(self) -> CountryPaymentsPage:
        self.page.goto(self.url)
        return self

    def choose_methods(self, methods: list[str], reason: str = "") -> None:
        self.page.click("text=Choose payment methods")
        for method in methods:
            self.page.check(f'.methods-form input[name=methods][value="{method}"]')
        if reason:
            self.page.fill(".methods-form input[name=reason]", reason)
        self.page.click(".methods-form button[type=submit]")

    def check_now(self) -> None:
        self.page.click("button.check-now")

    def request_payment(self, reason: str) -> None:
        self.page.fill(".request-form input[name=reason]", reason)
        self.page.click(".request-form button[type=submit]")

    def approve(self, reason: str = "Every gate passes") -> None:
        """A reason, the ticked confirmation, then the browser's confirmation dialog."""
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.fill(".approve-form input[name=note]", reason)
        self.page.check(".approve-form input[name=confirm]")
        self.page.click(".approve-form button[type=submit]")

    def kill(self, reason: str) -> None:
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.fill(".kill-form input[name=reason]", reason)
        self.page.click(".kill-form button[type=submit]")

    def flash(self) -> str:
        return self.page.inner_text(".flash")

    def stage(self) -> str:
        return self.page.inner_text("#payment-stage")
