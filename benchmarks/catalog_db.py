"""Catalogs in the database (backoffice.catalogs.operations) against Babel, translate-toolkit
and GNU gettext, on the same bytes, each side timed the same way (``harness.best_time``)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from babel.messages.pofile import read_po, write_po
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.data import change_template, generate_catalog
from benchmarks.dataset import (
    ADMIN_EMAIL,
    PASSWORD,
    TEMPLATE_SEED,
    DataSet,
    app_config,
    index_for_search,
    spare_locales,
)
from benchmarks.harness import Figure, Report, best_time, ratio_figure, report_figure, timed

IMPORT_LIMIT = 2  # x Babel read_po, commit included
EXPORT_LIMIT = 2  # x translate-toolkit's serialisation of the same bytes
UPDATE_LIMIT = 2  # x msgmerge --no-fuzzy-matching
COMPILE_LIMIT = 2  # x msgfmt
IMPORT_RSS_LIMIT = 3  # peak RSS of an import above the idle process, x the file's size


def make_app(data: DataSet) -> Flask:
    from backoffice.app import create_app

    return create_app(app_config(data.url))


def signed_in_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"signing in failed: {response.status_code}")
    return client


def _ttk() -> ModuleType | None:
    try:
        from translate.storage import po as pofile
    except ImportError:
        return None
    return pofile


def run(report: Report, data: DataSet, *, quick: bool) -> None:
    app = make_app(data)
    sizes = data.size.import_sizes or (data.size.messages,)
    spare = iter(spare_locales(data, 8 * len(sizes)))
    for size in sizes:
        locale = _import_and_export(report, app, size, spare, quick=quick)
        if size == sizes[0]:
            _update_and_compile(report, app, locale, size)
    _import_rss(report, data, max(sizes), next(spare))
    _variant_refresh(report, app, data, quick=quick)
    app.extensions["db_engine"].dispose()


VARIANT_LIMIT = 1.5  # a parent's operation, its variants refreshed, vs a childless one's
VARIANT_ROUNDS = 5


def _variant_refresh(report: Report, app: Flask, data: DataSet, *, quick: bool) -> None:
    """The same template update on the parent with the most variants and on a locale with
    none: the difference is the refresh of the variants' inherited counts. Paired rounds,
    each with a template of its own (an update applied twice does nothing the second
    time), the two in turn first; the medians, with the spread of the rounds' ratios."""
    from collections import Counter
    from statistics import median

    from backoffice.catalogs import operations
    from backoffice.core.db import db

    children = Counter(data.parents.values())
    if not children:
        return
    parent, count = children.most_common(1)[0]
    alone = next(code for code in data.full_locales if code not in children)
    with app.app_context():
        exported = operations.export_bytes(operations.get_catalog("app", alone))

    def update(locale: str, template: bytes) -> float:
        def one() -> None:
            with app.app_context():
                operations.update_from_template(operations.get_catalog("app", locale),
                                                template)
                db.session.commit()
        return timed(one)

    alone_times, parent_times = [], []
    for round_ in range(1 if quick else VARIANT_ROUNDS):
        template = change_template(exported, 0.02, seed=5 + round_)
        first, second = (alone, parent) if round_ % 2 == 0 else (parent, alone)
        times = {first: update(first, template), second: update(second, template)}
        alone_times.append(times[alone])
        parent_times.append(times[parent])
    ratios = sorted(p / a for p, a in zip(parent_times, alone_times, strict=True))
    report.add(ratio_figure(
        f"template update on {parent} with its {count} variants vs on {alone} "
        f"({data.size.messages:,} msgs)", median(parent_times), median(alone_times),
        f"{alone} (no variant)", VARIANT_LIMIT,
        notes=f"median of {len(ratios)} paired rounds, ratio spread {ratios[0]:.2f}-"
              f"{ratios[-1]:.2f}; each commit included; the variants' inherited counts "
              "are refreshed after the parent's update"))


def _import_and_export(report: Report, app: Flask, size: int, spare: Iterator[str], *,
                       quick: bool) -> str:
    """Import a file into a new catalog (commit included), then export it."""
    from backoffice.catalogs import operations
    from backoffice.catalogs.operations.search_index import SLICE
    from backoffice.core.db import db

    label = f"{size:,} msgs"
    file_bytes = generate_catalog(size, seed=TEMPLATE_SEED, locale="cs_CZ", tag="cs")
    times, indexing, locale = [], [], ""
    for _attempt in range(2 if quick else 3):
        locale = next(spare)

        def one(code: str = locale) -> None:
            with app.app_context():
                operations.import_file("app", code, file_bytes, filename=f"{code}.po")
                db.session.commit()

        def index(code: str = locale) -> None:
            with app.app_context():
                index_for_search(operations.get_catalog("app", code).id)

        times.append(timed(one))
        indexing.append(timed(index))
    ours = min(times)
    babel = best_time(lambda: read_po(io.BytesIO(file_bytes)))
    report.add(ratio_figure(
        f"import .po into the database, commit included ({label})", ours, babel,
        "Babel read_po", IMPORT_LIMIT,
        notes=f"{len(file_bytes) / 1e6:.1f} MB; parse, checks on every message, rows "
              "written and committed, into a new catalog each time; the search index "
              "follows in the background (next figure)"))
    report.add(report_figure(
        f"search index of the imported catalog, by the worker after the import ({label})",
        min(indexing), babel, "Babel read_po",
        notes="not waited for: the task catalogs.index_search, one transaction per "
              f"{SLICE:,} rows; until it ends a search in the catalog reads its rows"))

    with app.app_context():
        catalog = operations.get_catalog("app", locale)
        exported = operations.export_bytes(catalog)
        ours = best_time(lambda: operations.export_bytes(operations.get_catalog("app", locale)))
    same = "gives back the imported bytes" if exported == file_bytes else "DIFFERS from the file"
    pofile = _ttk()
    if pofile is not None:
        store = pofile.pofile.parsestring(exported)
        toolkit_bytes = bytes(store)
        toolkit = best_time(lambda: bytes(store))
        report.add(ratio_figure(
            f"export .po from the database ({label})", ours, toolkit,
            "translate-toolkit serialise", EXPORT_LIMIT,
            notes=f"ours {same}; translate-toolkit writes "
                  + ("the same bytes" if toolkit_bytes == exported else "other bytes")
                  + "; its parse is not timed"))
    else:
        report.add(Figure(f"export .po from the database ({label})", ours, None, "s",
                          f"ratio <= {EXPORT_LIMIT}", None,
                          notes="translate-toolkit not installed (pip install -e '.[test]')"))
    babel_catalog = read_po(io.BytesIO(exported))
    babel_out = io.BytesIO()
    write_po(babel_out, babel_catalog, width=0)
    babel = best_time(lambda: write_po(io.BytesIO(), babel_catalog, width=0))
    report.add(report_figure(
        f"export .po from the database vs Babel ({label})", ours, babel,
        "Babel write_po, no wrapping",
        notes="Babel " + ("writes the same bytes" if babel_out.getvalue() == exported
                          else "writes other bytes (it re-renders every entry)")))
    return locale


def _update_and_compile(report: Report, app: Flask, locale: str, size: int) -> None:
    from backoffice.catalogs import operations
    from backoffice.catalogs.gettext_tools import compile_mo
    from backoffice.core.db import db

    label = f"{size:,} msgs"
    with app.app_context():
        exported = operations.export_bytes(operations.get_catalog("app", locale))
    template = change_template(exported, 0.02)
    if not shutil.which("msgmerge"):
        report.add(Figure("template update in the database", 0, None, "s",
                          f"ratio <= {UPDATE_LIMIT}", None, notes="msgmerge not installed"))
        return
    with tempfile.TemporaryDirectory() as tmp:
        po_path, pot_path = Path(tmp, "a.po"), Path(tmp, "a.pot")
        po_path.write_bytes(exported)
        pot_path.write_bytes(template)

        def ours_update() -> None:
            with app.app_context():
                operations.update_from_template(operations.get_catalog("app", locale), template)
                db.session.commit()

        ours = timed(ours_update)
        merges = {}
        for name, extra in (("default", []), ("no_fuzzy", ["--no-fuzzy-matching"])):
            merges[name] = best_time(lambda extra=extra: subprocess.run(
                ["msgmerge", "--quiet", "--no-wrap", *extra, "-o", str(Path(tmp, "out.po")),
                 str(po_path), str(pot_path)], check=True, capture_output=True), repeat=1)
        report.add(ratio_figure(
            f"template update in the database, 2 % changed, commit included ({label})",
            ours, merges["no_fuzzy"], "msgmerge --no-fuzzy-matching", UPDATE_LIMIT,
            notes="ours looks for similar messages only through an index (same near key), "
                  "a small part of msgmerge's fuzzy search: the peer doing the same work is "
                  "msgmerge without fuzzy matching"))
        report.add(report_figure(
            f"template update in the database vs msgmerge's fuzzy default ({label})",
            ours, merges["default"], "msgmerge (fuzzy matching)"))
        if shutil.which("msgfmt"):
            target = Path(tmp, "out", "app.mo")
            with app.app_context():
                catalog = operations.get_catalog("app", locale)
                ours = best_time(lambda: compile_mo(
                    operations.export_bytes(catalog, flatten=True), target))
            gnu = best_time(lambda: subprocess.run(
                ["msgfmt", "-c", "-o", str(Path(tmp, "gnu.mo")), str(po_path)], check=True,
                capture_output=True))
            report.add(ratio_figure(
                f"compile to .mo, database -> file ({label})", ours, gnu, "GNU msgfmt -c",
                COMPILE_LIMIT, notes="export (variants flattened), then msgfmt -c, as "
                                     "`backoffice catalogs compile` does"))


def equal_figure(name: str, value: int, baseline: int, baseline_name: str) -> Figure:
    return Figure(name=name, value=value, baseline=baseline, unit="queries", target="equal",
                  passed=value == baseline, baseline_name=baseline_name)


def _import_rss(report: Report, data: DataSet, size: int, locale: str) -> None:
    """Peak RSS of one import (commit included) above the idle process, in a fresh one."""
    file_bytes = generate_catalog(size, seed=TEMPLATE_SEED, locale="cs_CZ", tag="cs")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, f"{locale}.po")
        path.write_bytes(file_bytes)
        del file_bytes
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.catalog_db", data.url, locale, str(path)],
            cwd=Path(__file__).resolve().parent.parent, check=True, capture_output=True,
            text=True,
        )
    memory = json.loads(done.stdout.strip().splitlines()[-1])
    megabyte = 1024 * 1024
    report.add(ratio_figure(
        f"peak RSS of a {size:,}-message import, above the idle process",
        (memory["peak"] - memory["idle"]) / megabyte, memory["file"] / megabyte,
        "the file", IMPORT_RSS_LIMIT, unit="MiB",
        notes=f"a new process: VmHWM after the import and its commit minus VmRSS with the "
              f"app created and the file read ({memory['idle'] / megabyte:.0f} MiB)"))


def _status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _measure_import(url: str, locale: str, path: str) -> None:
    """In a fresh process: the app on ``url``, the file read, then one import of it."""
    from backoffice.app import create_app
    from backoffice.catalogs import operations
    from backoffice.core.db import db

    app = create_app(app_config(url))
    file_bytes = Path(path).read_bytes()
    with contextlib.suppress(OSError):  # forget the start-up's peak where Linux allows it
        Path("/proc/self/clear_refs").write_text("5")
    idle = _status_bytes("VmRSS")
    with app.app_context():
        operations.import_file("app", locale, file_bytes, filename=f"{locale}.po")
        db.session.commit()
    peak = _status_bytes("VmHWM")
    print(json.dumps({"idle": idle, "peak": peak, "file": len(file_bytes)}))


if __name__ == "__main__":
    _measure_import(*sys.argv[1:4])
