"""Page objects: what a person does on a page, in the words of the page."""

from __future__ import annotations

from playwright.sync_api import Page, expect


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
        self.page.click("button[type=submit].primary")


class Console:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def nav_labels(self) -> list[str]:
        return [label.strip() for label in self.page.locator("nav.mainnav a").all_inner_texts()]

    def go(self, path: str):  # type: ignore[no-untyped-def]
        return self.page.goto(f"{self.base_url}{path}")

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

    def message(self, msgid: str):  # type: ignore[no-untyped-def]
        return self.page.locator("form.message", has=self.page.locator(
            "p.msgid", has_text=msgid)).first

    def field(self, msgid: str, form: int = 0):  # type: ignore[no-untyped-def]
        return self.message(msgid).locator('textarea[name="translation"]').nth(form)

    def type_and_save_with_keyboard(self, msgid: str, text: str) -> None:
        field = self.field(msgid)
        field.fill(text)
        field.press("Control+Enter")

    def save(self, msgid: str) -> None:
        self.message(msgid).locator("button.save").click()

    def expect_status(self, msgid: str, text: str) -> None:
        expect(self.message(msgid).locator(".status")).to_contain_text(text)
