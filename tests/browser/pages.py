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
