"""The catalog editor at several catalog sizes: every filter, searches, a deep page, the
side panel and a save, each timed through the app as a browser would use it.

Catalogs of each size (``Size.editor_sizes``) are imported into the run's database from
the shared template, nine messages in ten translated. Each request is timed in
paired rounds after one warm-up: a round times the request once at every size, in an
order that turns from round to round, so a slow moment of the machine falls on all sizes
alike. A figure compares a size with the smallest: the median of the rounds' ratios, with
their spread.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from benchmarks.catalog_db import equal_figure, make_app, signed_in_client
from benchmarks.data import generate_catalog
from benchmarks.dataset import TEMPLATE_SEED, DataSet, index_for_search, spare_locales
from benchmarks.harness import Figure, Report
from tests.support.queries import QueryCounter

FLAT_LIMIT = 1.5  # a request at the largest size vs the smallest
RARE, COMMON, MISSING = "#1999.", "ride", "zeppelin"


class Editor:
    """One catalog's editor, driven like a browser would."""

    def __init__(self, app: Flask, client: FlaskClient, locale: str, position: int = 151) -> None:
        from backoffice.catalogs.models import Catalog, Message
        from backoffice.core.db import db

        self.app, self.client, self.locale = app, client, locale
        with app.app_context():
            catalog = db.session.scalar(select(Catalog).where(
                Catalog.domain == "app", Catalog.locale_code == locale))
            message = db.session.scalar(select(Message).where(
                Message.catalog_id == catalog.id, Message.position == position))
            self.message_id, self.version = message.id, message.version
            self.msgid = message.msgid
            self.pages = max(1, catalog.total_count // 50)
        self.edits = 0

    def get(self, query: str) -> None:
        response = self.client.get(f"/catalogs/app/{self.locale}/{query}")
        if response.status_code != 200:
            raise RuntimeError(f"editor {query}: {response.status_code}")

    def page(self) -> None:
        self.get("?page=3&after=100")

    def panel(self) -> None:
        response = self.client.get(f"/catalogs/api/messages/{self.message_id}/panel")
        if response.status_code != 200:
            raise RuntimeError(f"panel: {response.status_code}")

    def save(self) -> None:
        self.edits += 1
        response = self.client.post(
            f"/catalogs/api/messages/{self.message_id}",
            json={"translations": [f"{self.msgid} ({self.edits})"], "version": self.version},
        )
        if response.status_code != 200 or not response.json["saved"]:
            raise RuntimeError(f"save: {response.status_code} {response.get_data(as_text=True)}")
        self.version = response.json["version"]

    def queries(self) -> tuple[int, int]:
        engine = self.app.extensions["db_engine"]
        with QueryCounter(engine, skip=()) as page:
            self.page()
        with QueryCounter(engine, skip=()) as save:
            self.save()
        return page.count, save.count

    def actions(self) -> dict[str, Callable[[], object]]:
        yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
        found: dict[str, Callable[[], object]] = {
            "first page": lambda: self.get(""),
            "next page (after=)": self.page,
            f"deep page ?page={self.pages}": lambda: self.get(f"?page={self.pages}"),
        }
        for state in ("untranslated", "draft", "translated", "reviewed", "failing"):
            found[f"filter {state}"] = lambda state=state: self.get(f"?state={state}")
        found["filter changed since yesterday"] = lambda: self.get(f"?since={yesterday}")
        found[f"search a rare word ({RARE!r})"] = lambda: self.get(f"?q={RARE}")
        found[f"search a common word ({COMMON!r})"] = lambda: self.get(f"?q={COMMON}")
        found[f"search a missing word ({MISSING!r})"] = lambda: self.get(f"?q={MISSING}")
        found["side panel"] = self.panel
        found["save a translation"] = self.save
        return found


def _paired(functions: list[Callable[[], object]], rounds: int) -> list[list[float]]:
    """``rounds`` timings of each function, taken in turn: round r starts at function r
    (mod n), so none is always first after another's work."""
    for function in functions:
        function()  # warm: first-request work is not the request's
    times: list[list[float]] = [[] for _ in functions]
    for turn in range(rounds):
        for step in range(len(functions)):
            index = (turn + step) % len(functions)
            start = time.perf_counter()
            functions[index]()
            times[index].append(time.perf_counter() - start)
    return times


def run(report: Report, data: DataSet, *, quick: bool) -> None:
    from backoffice.catalogs import operations
    from backoffice.core.db import db

    sizes = data.size.editor_sizes or (data.size.messages,)
    app = make_app(data)
    locales = spare_locales(data, 40)[-len(sizes):]
    for size, locale in zip(sizes, locales, strict=True):
        body = generate_catalog(size, seed=TEMPLATE_SEED, locale=locale, tag=locale, own=0.9)
        with app.app_context():
            result = operations.import_file("app", locale, body, filename=f"{locale}.po")
            db.session.commit()
            index_for_search(result.catalog.id)
    client = signed_in_client(app)
    editors = [Editor(app, client, locale) for locale in locales]
    rounds = 2 if quick else 11
    smallest = f"{sizes[0]:,} msgs"
    actions = [list(editor.actions().items()) for editor in editors]
    for position in range(len(actions[0])):
        times = _paired([found[position][1] for found in actions], rounds)
        for index in range(1, len(sizes)):
            ratios = sorted(large / small for large, small in zip(
                times[index], times[0], strict=True))
            ratio = statistics.median(ratios)
            report.add(Figure(
                f"editor: {actions[index][position][0]} at {sizes[index]:,} msgs",
                statistics.median(times[index]), statistics.median(times[0]), "s",
                f"ratio <= {FLAT_LIMIT:g}", ratio <= FLAT_LIMIT, baseline_name=smallest,
                paired_ratio=ratio,
                notes=f"median of {rounds} paired rounds, ratio spread "
                      f"{ratios[0]:.2f}-{ratios[-1]:.2f}"))
    large_page, large_save = editors[-1].queries()
    small_page, small_save = editors[0].queries()
    report.add(equal_figure(f"editor page queries at {sizes[-1]:,} vs {smallest}",
                            large_page, small_page, smallest))
    report.add(equal_figure(f"save queries at {sizes[-1]:,} vs {smallest}",
                            large_save, small_save, smallest))
    app.extensions["db_engine"].dispose()
