"""The French console shows no English console string and no raw id, on every page.

How it decides, and why this way:

Every page the browser tests visit (and the other pages of the console: every GET page
without arguments, and each section of a live and a translating country, the editor, a
connector, a marketing plan) is rendered in French by an admin over the demo data set.
Each piece of text a person reads is taken from the HTML: text nodes, and the ``title``,
``placeholder``, ``aria-label``, ``alt``, ``value`` and ``data-confirm`` attributes. Text
inside an element that declares another language (``lang="en"``: the source messages of
the editor), that says it is not to be translated (``translate="no"``, HTML's own marker:
notes, reasons and values as people typed them) or inside ``<script>``, ``<style>``,
``<code>``, ``<pre>`` or ``<textarea>`` is left out: it is data, not the console's words.

Three checks run on each piece:

- **Untranslated console string.** The console's own catalog (``locales/fr/.../
  backoffice.po``) lists every msgid with its French. A piece that is an English msgid
  whose French differs (the placeholders ``%(name)s`` match anything) was rendered without
  its translation: a string translated at import time instead of lazily, a missing
  ``.mo``, a ``_()`` forgotten in a helper that builds the text. Matching on the catalog's
  own msgids, rather than on a list of English words, keeps the check exact: data such as
  emails, country names or a catalog's Polish text never looks like a msgid, while the
  English text of the console always does. Single-word msgids must be the whole piece
  (``Live`` alone is a stage shown in English; ``Live`` inside a sentence could be data);
  longer ones may sit inside a piece (``Stage: Live`` built from two strings).
- **French typography.** ``:``, ``;``, ``?`` and ``!`` follow a no-break space
  (``Conducteurs\u00a0: 40\u00a0%``), whether the sign is in the catalog or in a template.
- **Raw id.** A word that is an internal id: a stage, payment or change status, message
  state, audit action, or any ``snake_case`` word (``payments_live``). Those are never
  msgids, so the first check cannot see them; they must go through a label.

Rendering with the test client (not Chromium) keeps it fast enough for ``make test`` on
both databases; the pages' scripts only fill in what the server already rendered.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice import demo
from backoffice.audit.wording import ACTIONS
from backoffice.catalogs.models import Catalog, State
from backoffice.core.db import db as _db
from backoffice.countries.models import ChangeStatus, Country, Stage
from backoffice.payments.models import ChangeStatus as PaymentStatus
from backoffice.payments.models import PaymentConnectorConfig
from tests.support.fixture_types import SignedIn

ROOT = Path(__file__).resolve().parents[2]
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "value", "data-confirm")
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}

# Enum values never meant to be read as such (``on`` / ``off`` are French words too).
RAW_IDS = ({s.value for s in Stage} | {s.value for s in ChangeStatus}
           | {s.value for s in PaymentStatus} | {s.value for s in State} | {"killed"}
           | set(ACTIONS))
ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")
SNAKE = re.compile(r"^[a-z]+(?:_[a-z]+)+$")
# French puts a no-break space (or a narrow one) before : ; ? and !
FRENCH_PUNCTUATION = re.compile(r"(?:^|[^\u00a0\u202f\d:/])([:;?!])(?=\s|$)")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


class _Text(HTMLParser):
    """Collects what a person reads, outside other-language and code elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.pieces: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (self._skipped() or tag in SKIPPED_ELEMENTS
                   or attributes.get("translate") == "no"
                   or (lang is not None and not lang.startswith("fr")))
        if not skipped:
            for name in READ_ATTRIBUTES:
                if name == "value" and attributes.get("type") not in ("submit", "button"):
                    continue
                if attributes.get(name):
                    self.pieces.append(attributes[name])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        text = ASCII_SPACES.sub(" ", data).strip(" ")  # no-break spaces stay
        if text and not self._skipped():
            self.pieces.append(text)


def readable_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.pieces


def english_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(whole-piece patterns, inside-piece patterns) of msgids whose French differs."""
    with (ROOT / "locales/fr/LC_MESSAGES/backoffice.po").open("rb") as handle:
        catalog = read_po(handle)
    whole, inside = [], []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings or not any(strings):
                continue
            literal = ASCII_SPACES.sub(" ", msgid).strip(" ")
            fixed = PLACEHOLDER.sub("", literal)
            if len(re.findall(r"[A-Za-z]{2,}", fixed)) == 0:
                continue  # only placeholders and signs: nothing English to see
            parts = [re.escape(part) for part in PLACEHOLDER.split(literal)]
            body = ".+?".join(parts)
            if len(fixed.split()) <= 1:
                whole.append(re.compile(rf"^{body}$"))
            else:
                inside.append(re.compile(rf"(?<![\w]){body}(?![\w])"))
    return whole, inside


def problems(text: list[str],
             patterns: tuple[list[re.Pattern[str]], list[re.Pattern[str]]]) -> list[str]:
    whole, inside = patterns
    found = []
    for piece in text:
        for pattern in whole:
            if pattern.match(piece):
                found.append(f"untranslated {piece!r}")
        for pattern in inside:
            if pattern.search(piece):
                found.append(f"untranslated {pattern.pattern!r} in {piece!r}")
        for word in re.findall(r"[\w.@/-]+", piece):
            word = word.strip(".-/")
            if "@" in word or "/" in word:
                continue
            if word in RAW_IDS or SNAKE.match(word):
                found.append(f"raw id {word!r} in {piece!r}")
        if FRENCH_PUNCTUATION.search(piece):
            found.append(f"no no-break space before the punctuation in {piece!r}")
    return found


def test_the_checks_see_english_and_raw_ids_but_not_french_or_data() -> None:
    patterns = english_patterns()
    assert problems(["Sign out"], patterns)  # a msgid left in English
    assert problems(["Passer à payments_live"], patterns)  # a raw stage
    assert problems(["Statut\u00a0: pending"], patterns)
    assert problems(["Conducteurs: 40\u00a0%"], patterns)
    assert problems(["Conducteurs : 40\u00a0%"], patterns)
    assert problems(["Every audit event of PL", "x"], patterns)  # a placeholder msgid
    assert problems(readable_text('<button title="Sign out">x</button>'), patterns)
    assert not problems(["Se déconnecter", "anna@demo.example", "pl_PL", "Pourquoi\u00a0?",
                         "14:30", "https://x.example/?a=1",
                         "Conducteurs\u00a0: 40\u00a0%"], patterns)
    assert readable_text('<p lang="en">Sign out</p><p>Bonjour</p><code>a_b</code>') == [
        "Bonjour"]


def _pages() -> list[str]:
    paths = ["/", "/admin/tasks/", "/approvals/", "/audit/", "/calendar/", "/catalogs/",
             "/catalogs/imports/", "/catalogs/upload", "/countries/", "/countries/new",
             "/idchecks/providers", "/marketing/", "/notifications/",
             "/notifications/preferences", "/payments/", "/payments/changes",
             "/payments/connectors/new", "/profile", "/users/", "/users/new"]
    countries = list(_db.session.query(Country).order_by(Country.code))
    chosen = {}
    for country in countries:
        chosen.setdefault((country.recorded_stage, country.recorded_payment), country.code)
    for code in chosen.values():
        paths += [f"/countries/{code}", f"/countries/{code}/readiness",
                  f"/countries/{code}/timeline", f"/catalogs/country/{code}",
                  f"/payments/countries/{code}",
                  f"/idchecks/countries/{code}", f"/idchecks/countries/{code}/policy",
                  f"/marketing/countries/{code}"]
    catalog = _db.session.query(Catalog).filter_by(domain="app").order_by(Catalog.id).first()
    if catalog is not None:
        paths.append(f"/catalogs/{catalog.domain}/{catalog.locale_code}/")
    connector = _db.session.scalars(
        select(PaymentConnectorConfig).order_by(PaymentConnectorConfig.id)).first()
    if connector is not None:
        paths.append(f"/payments/connectors/{connector.id}")
    return paths


@pytest.fixture
def demo_data(app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "LOCALES_DIR", str(ROOT / "locales"))
    demo.load_users()
    for _name, step in demo.DEMO_STEPS:
        step()
        db.flush()


def test_every_page_reads_in_french(
        client: FlaskClient, signed_in: SignedIn, demo_data: None) -> None:
    signed_in("admin")
    assert client.post("/language", data={"language": "fr"}).status_code == 302
    patterns = english_patterns()
    found = {}
    paths = _pages()
    assert len(paths) > 30
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        issues = problems(readable_text(response.get_data(as_text=True)), patterns)
        if issues:
            found[path] = sorted(set(issues))
    report = "\n".join(f"{path}\n  " + "\n  ".join(issues) for path, issues in found.items())
    assert not found, f"French pages showing English or raw ids:\n{report}"
