"""SQL statements per page at two sizes of data: a page's work must not grow with it."""

from __future__ import annotations

from benchmarks.catalog_db import equal_figure, make_app, signed_in_client
from benchmarks.dataset import DataSet
from benchmarks.editor import Editor
from benchmarks.harness import Report
from tests.support.queries import QueryCounter


def counts(data: DataSet) -> dict[str, int]:
    app = make_app(data)
    client = signed_in_client(app)
    engine = app.extensions["db_engine"]
    found = {}
    for name, path in (("dashboard /", "/"), ("countries list /countries/", "/countries/")):
        client.get(path)  # warm: first-request work is not the page's
        with QueryCounter(engine, skip=()) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
        found[name] = queries.count
    editor = Editor(app, client, data.full_locales[0])
    editor.page()
    editor.save()
    found["editor page"], found["save a translation"] = editor.queries()
    app.extensions["db_engine"].dispose()
    return found


def run(report: Report, small: DataSet, large: DataSet) -> None:
    at_small, at_large = counts(small), counts(large)
    countries = f"{len(large.countries)} vs {len(small.countries)} countries"
    messages = f"{large.size.messages:,} vs {small.size.messages:,} msgs"
    for name in at_small:
        what = countries if name.startswith(("dashboard", "countries")) else messages
        report.add(equal_figure(f"queries: {name} ({what})", at_large[name], at_small[name],
                                "small data set"))
