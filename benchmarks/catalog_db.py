"""Catalogs in the database (backoffice.catalogs.operations) against Babel and GNU gettext."""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from benchmarks.data import change_template, generate_catalog
from benchmarks.dataset import ADMIN_EMAIL, PASSWORD, DataSet, app_config
from benchmarks.harness import Figure, Report, best_time, ratio_figure
from tests.support.queries import QueryCounter


def make_app(data: DataSet):  # type: ignore[no-untyped-def]
    from backoffice.app import create_app

    return create_app(app_config(data.url))


def signed_in_client(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"signing in failed: {response.status_code}")
    return client


class Editor:
    """One editor page and one save in a catalog, driven like a browser would."""

    def __init__(self, app, client, locale: str) -> None:  # type: ignore[no-untyped-def]
        from backoffice.catalogs.models import Catalog, Message
        from backoffice.core.db import db

        self.app, self.client, self.locale = app, client, locale
        with app.app_context():
            catalog = db.session.scalar(select(Catalog).where(
                Catalog.domain == "app", Catalog.locale_code == locale))
            message = db.session.scalar(select(Message).where(
                Message.catalog_id == catalog.id, Message.position == 151))
            self.message_id, self.version = message.id, message.version
            self.msgid = message.msgid
        self.edits = 0

    def page(self) -> None:
        response = self.client.get(f"/catalogs/app/{self.locale}/?page=3&after=100")
        if response.status_code != 200:
            raise RuntimeError(f"editor page: {response.status_code}")

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

    def median_time(self, repeat: int) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            self.page()
            self.save()
            times.append(time.perf_counter() - start)
        return statistics.median(times)


def run(report: Report, data: DataSet, *, quick: bool) -> None:
    from backoffice.catalogs.gettext_tools import compile_mo
    from backoffice.catalogs.operations import export as catalog_export
    from backoffice.catalogs.operations import imports, template_update
    from backoffice.catalogs.operations import queries as catalog_queries
    from backoffice.core.db import db

    size = data.size.messages
    label = f"{size:,} msgs"
    app = make_app(data)
    file_bytes = generate_catalog(size, seed=99, locale="cs_CZ")

    # Import into the database vs Babel's reader on the same bytes.
    with app.app_context():
        times = []
        for _attempt in range(2 if quick else 3):
            start = time.perf_counter()
            imports.import_file("app", "cs_CZ", file_bytes, filename="cs_CZ.po")
            db.session.flush()
            times.append(time.perf_counter() - start)
            db.session.rollback()
        ours = min(times)
    babel = best_time(lambda: read_po(io.BytesIO(file_bytes)))
    report.add(ratio_figure(f"import .po into the database ({label})", ours, babel,
                            "Babel read_po", 3,
                            notes="parse, checks on every message, rows written"))

    full = data.full_locales[0]
    with app.app_context():
        catalog = catalog_queries.get_catalog("app", full)
        exported = catalog_export.export_bytes(catalog)
        ours = best_time(lambda: catalog_export.export_bytes(catalog))
    babel_catalog = read_po(io.BytesIO(exported))
    babel = best_time(lambda: write_po(io.BytesIO(), babel_catalog))
    report.add(ratio_figure(f"export .po from the database ({label})", ours, babel,
                            "Babel write_po", 3))

    template = change_template(exported, 0.02)
    with tempfile.TemporaryDirectory() as tmp:
        po_path, pot_path = Path(tmp, "a.po"), Path(tmp, "a.pot")
        po_path.write_bytes(exported)
        pot_path.write_bytes(template)
        if shutil.which("msgmerge"):
            with app.app_context():
                catalog = catalog_queries.get_catalog("app", full)
                start = time.perf_counter()
                template_update.update_from_template(catalog, template)
                db.session.flush()
                ours = time.perf_counter() - start
                db.session.rollback()
            gnu = best_time(lambda: subprocess.run(
                ["msgmerge", "--quiet", "--no-wrap", "-o", str(Path(tmp, "out.po")),
                 str(po_path), str(pot_path)], check=True, capture_output=True), repeat=1)
            report.add(ratio_figure(f"template update in the database, 2 % changed ({label})",
                                    ours, gnu, "GNU msgmerge", 2))
        else:
            report.add(Figure("template update in the database", 0, None, "s", "ratio <= 2",
                              None, notes="msgmerge not installed"))
        if shutil.which("msgfmt"):
            target = Path(tmp, "out", "app.mo")
            with app.app_context():
                catalog = catalog_queries.get_catalog("app", full)
                ours = best_time(lambda: compile_mo(
                    catalog_export.export_bytes(catalog, flatten=True), target))
            gnu = best_time(lambda: subprocess.run(
                ["msgfmt", "-c", "-o", str(Path(tmp, "gnu.mo")), str(po_path)], check=True,
                capture_output=True))
            report.add(Figure(f"compile to .mo, database -> file ({label})", ours, gnu, "s",
                              "report", None, baseline_name="GNU msgfmt -c",
                              notes="export (variants flattened), then msgfmt -c, as "
                                    "`backoffice catalogs compile` does"))

    # Work per request does not grow with the catalog.
    small = data.small_locales[0]
    client = signed_in_client(app)
    large_editor, small_editor = Editor(app, client, full), Editor(app, client, small)
    for editor in (large_editor, small_editor):
        editor.page()
        editor.save()
    repeat = 5 if quick else 15
    large_time = large_editor.median_time(repeat)
    small_time = small_editor.median_time(repeat)
    report.add(ratio_figure(
        f"editor page + save at {size:,} vs {data.size.small_messages} msgs (time)",
        large_time, small_time, f"{data.size.small_messages} msgs", 1.5,
    ))
    large_page, large_save = large_editor.queries()
    small_page, small_save = small_editor.queries()
    report.add(equal_figure(f"editor page queries at {size:,} vs {data.size.small_messages} msgs",
                            large_page, small_page, f"{data.size.small_messages} msgs"))
    report.add(equal_figure(f"save queries at {size:,} vs {data.size.small_messages} msgs",
                            large_save, small_save, f"{data.size.small_messages} msgs"))
    app.extensions["db_engine"].dispose()


def equal_figure(name: str, value: int, baseline: int, baseline_name: str) -> Figure:
    return Figure(name=name, value=value, baseline=baseline, unit="queries", target="equal",
                  passed=value == baseline, baseline_name=baseline_name)
