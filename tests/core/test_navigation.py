"""The main navigation stays one row: the pages a main entry leads to are its second row."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.support.fixture_types import SignedIn


def _links(html: str, nav_class: str) -> list[tuple[str, bool]]:
    match = re.search(rf'<nav class="{nav_class}"[^>]*>(.*?)</nav>', html, re.S)
    if match is None:
        return []
    return [(label.strip(), "aria-current" in attrs)
            for attrs, label in re.findall(r"<a ([^>]*)>([^<]*)</a>", match.group(1))]


def test_translation_tools_are_the_second_row_of_translations(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    html = client.get("/glossary/").get_data(as_text=True)
    main = dict(_links(html, "mainnav"))
    assert main["Translations"] is True
    assert not {"Glossaries", "Memory", "Requests for context"} & set(main)
    assert _links(html, "subnav") == [("Catalogs", False), ("Glossaries", True),
                                      ("Memory", False), ("Requests for context", False)]


def test_launch_tools_are_the_second_row_of_countries(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    html = client.get("/opportunities").get_data(as_text=True)
    assert dict(_links(html, "mainnav"))["Countries"] is True
    assert ("Where to launch next", True) in _links(html, "subnav")


def test_a_page_without_a_second_row_shows_none(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    assert _links(client.get("/audit/").get_data(as_text=True), "subnav") == []


def test_the_second_row_shows_only_what_the_reader_may_open(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_FR",))
    labels = [label for label, _ in
              _links(client.get("/catalogs/").get_data(as_text=True), "subnav")]
    assert "Requests for context" not in labels and "Glossaries" in labels
