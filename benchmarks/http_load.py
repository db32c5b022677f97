"""HTTP under load: gunicorn (2 workers) on 127.0.0.1, a bounded load generator.

Each API path is compared with a trivial route of the same app answering the same bytes
(see bench_wsgi.py), measured in the same run, in paired rounds: round i of ours and
round i of the baseline run back to back (in alternating order), and the figure is the
median of the per-round ratios, with their spread. Cold reads (the first read of each
catalog after the workers start, and after a save) are timed one request at a time. The
load generator (``load_generator``) is Debian's ``wrk`` when installed, else threads with keep-alive
``http.client`` connections; all traffic stays on 127.0.0.1 and each measurement is
bounded in time (and, for the threads, in requests).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.dataset import DataSet
from benchmarks.harness import Figure, Report
from benchmarks.load_generator import CONNECTIONS, Load, fetch, free_port, load

ROOT = Path(__file__).resolve().parent.parent
RSS_LIMIT_MB = 300
ROUND_SECONDS = 2
ROUNDS = 11  # paired rounds of the full run: their median ratio moves little between runs


class Server:
    def __init__(self, url: str, answers: Path) -> None:
        self.port = free_port()
        env = dict(os.environ, BENCH_DATABASE_URL=url, BENCH_ANSWERS=str(answers),
                   PYTHONPATH=str(ROOT))
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", "2", "--worker-class", "gthread", "--threads", "2",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "benchmarks.bench_wsgi:app"],
            cwd=ROOT, env=env,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}")
            try:
                status = fetch(self.port, "/_bench/same/0")[0]
                if status == 200 and len(self.workers()) == 2:
                    # Both workers have started; the app's own answers are still cold.
                    for _ in range(8):
                        fetch(self.port, "/_bench/same/0")
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start in time")

    def workers(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def peak_rss_mb(self) -> list[float]:
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Paired:
    ours: list[Load]
    baseline: list[Load]

    @property
    def ratios(self) -> list[float]:
        return [o.rate / b.rate for o, b in zip(self.ours, self.baseline, strict=True)
                if b.rate > 0]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0

    @property
    def errors(self) -> tuple[int, int]:
        return sum(o.errors for o in self.ours), sum(b.errors for b in self.baseline)

    def median(self, side: str, attribute: str) -> float:
        return statistics.median(getattr(one, attribute) for one in getattr(self, side))


def paired(port: int, path: str | list[str], trivial: str | list[str],
           headers: dict[str, str], *, quick: bool) -> Paired:
    """Rounds of the route and of its baseline back to back, in alternating order.

    Each round is paired with its neighbour, which ran under the same conditions: on two
    cores the load generator shares the CPU with the workers, and the workers race to
    accept the generator's connections, so a round's rate swings on either side; the
    ratio of neighbouring rounds swings much less. The figure is the median ratio, and
    the notes give the smallest and largest.
    """
    rounds, seconds = (3, 1) if quick else (ROUNDS, ROUND_SECONDS)
    ours: list[Load] = []
    baseline: list[Load] = []
    for index in range(rounds):
        if index % 2:
            baseline.append(load(port, trivial, seconds, headers))
            ours.append(load(port, path, seconds, headers))
        else:
            ours.append(load(port, path, seconds, headers))
            baseline.append(load(port, trivial, seconds, headers))
    return Paired(ours, baseline)


def sweep(port: int, paths: list[str]) -> list[float]:
    """Each path once, one request at a time, on a new connection: latencies in s."""
    times = []
    for path in paths:
        start = time.perf_counter()
        status = fetch(port, path)[0]
        times.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
    return times


def statements_per_request(data: DataSet, path: str, headers: dict[str, str]) -> int:
    """SQL statements one request sends (in process, same app and database).

    Statements through SQLAlchemy, plus the revision-stamp queries sent on the stamp
    line's own connection (``backoffice.api.revisions.StampLine``), which SQLAlchemy's
    events do not see.
    """
    from backoffice.api import revisions
    from benchmarks.catalog_db import make_app
    from tests.support.queries import QueryCounter

    app = make_app(data)
    client = app.test_client()
    client.get(path, headers=headers)
    query, stamps = revisions.StampLine._query, []

    def counted(line: revisions.StampLine, connection: Any, key: str) -> int:
        stamps.append(key)
        return query(line, connection, key)

    query_many = revisions.StampLine._query_many

    def counted_many(line: revisions.StampLine, connection: Any,
                     keys: list[str]) -> dict[str, int]:
        stamps.append(tuple(keys))
        return query_many(line, connection, keys)

    with (mock.patch.object(revisions.StampLine, "_query", counted),
          mock.patch.object(revisions.StampLine, "_query_many", counted_many),
          QueryCounter(app.extensions["db_engine"], skip=()) as queries):
        client.get(path, headers=headers)
    app.extensions["db_engine"].dispose()
    return queries.count + len(stamps)


def capture(data: DataSet, paths: list[str], folder: Path) -> list[bytes]:
    """The real answers of ``paths``, written for the trivial route (built in process)."""
    from benchmarks.catalog_db import make_app

    app = make_app(data)
    bodies = []
    with app.test_client() as client:
        for number, path in enumerate(paths):
            answer = client.get(path)
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code}")
            (folder / f"{number}.body").write_bytes(answer.get_data())
            (folder / f"{number}.meta").write_text(
                f"{answer.get_etag()[0]}\n{answer.mimetype or ''}")
            bodies.append(answer.get_data())
    app.extensions["db_engine"].dispose()
    return bodies


def save_in(data: DataSet, locale: str) -> None:
    """One translation saved in ``locale`` (as the editor does), from another process."""
    from sqlalchemy import select

    from backoffice.catalogs import operations
    from backoffice.catalogs.models import Catalog, Message
    from backoffice.core.db import db
    from benchmarks.catalog_db import make_app

    app = make_app(data)
    with app.app_context():
        catalog = operations.get_catalog("app", locale)
        message = db.session.scalar(select(Message).where(
            Message.catalog_id == catalog.id, Message.msgid_plural.is_(None),
            Message.position > 200).order_by(Message.position).limit(1))
        assert isinstance(catalog, Catalog) and message is not None
        operations.save_translation(message, [f"{message.msgid} (saved)"],
                                    version=message.version, catalog=catalog)
        db.session.commit()
    app.extensions["db_engine"].dispose()


def _paired_figures(report: Report, name: str, result: Paired, notes: str) -> None:
    ours_errors, base_errors = result.errors
    spread = f"{min(result.ratios):.2f}-{max(result.ratios):.2f}" if result.ratios else "-"
    report.add(Figure(
        f"{name}: requests/s", result.median("ours", "rate"),
        result.median("baseline", "rate"), "req/s", "ratio >= 0.8",
        ours_errors == 0 and result.ratio >= 0.8,
        baseline_name="trivial route, same bytes", paired_ratio=result.ratio,
        notes=f"median of {len(result.ratios)} paired rounds, ratio spread {spread}; "
              f"{notes}; errors {ours_errors}/{base_errors}",
    ))
    for label, attribute in (("p50", "p50"), ("p99", "p99")):
        report.add(Figure(f"{name}: {label}", result.median("ours", attribute) * 1000,
                          result.median("baseline", attribute) * 1000, "ms", "report", None,
                          baseline_name="trivial route", notes="median over the rounds"))


def run(report: Report, data: DataSet, *, quick: bool) -> None:
    country = data.live_countries[0]
    locales = [*data.full_locales, *data.small_locales]
    catalogs = [f"/api/v1/catalogs/app/{locale}.json" for locale in locales]
    public = set(_public_locales(data))
    catalogs = [path for path, locale in zip(catalogs, locales, strict=True) if locale in public]
    real = [catalogs[0], f"/api/v1/countries/{country}", *catalogs[1:]]
    trivial = [f"/_bench/same/{n}" for n in range(len(real))]
    all_catalogs = [real[0], *real[2:]]
    all_trivial = [trivial[0], *trivial[2:]]
    with tempfile.TemporaryDirectory(prefix="backoffice-bench-answers-") as folder:
        bodies = capture(data, real, Path(folder))
        server = Server(data.url, Path(folder))
        try:
            server.wait_ready()
            _cold(report, server, all_catalogs, all_trivial, "after the workers start")
            status, body, etag = fetch(server.port, real[0])
            assert status == 200 and etag, status
            if body != bodies[0] or fetch(server.port, trivial[0])[2] != etag:
                raise RuntimeError("the trivial route does not answer the same bytes")
            size = f"{data.size.messages:,} msgs, {len(body) / 1e6:.1f} MB"
            cases = [
                (f"GET catalog JSON ({size})", real[0], trivial[0], {}),
                (f"GET country {country}", real[1], trivial[1], {}),
                ("GET catalog JSON, 304 (If-None-Match)", real[0], trivial[0],
                 {"If-None-Match": etag}),
                (f"GET catalog JSON of {len(all_catalogs)} locales in turn", all_catalogs,
                 all_trivial, {}),
            ]
            for name, path, base, headers in cases:
                if not quick:
                    load(server.port, path, 1, headers)  # warm both workers
                result = paired(server.port, path, base, headers, quick=quick)
                first = path if isinstance(path, str) else path[0]
                tool = result.ours[0].tool
                _paired_figures(report, name, result,
                                f"{tool}, {CONNECTIONS} connections, "
                                f"{statements_per_request(data, first, headers)} SQL "
                                "statements per request")
            parent = next(iter(data.parents.values()), data.full_locales[0])
            save_in(data, parent)
            children = sum(1 for p in data.parents.values() if p == parent)
            _cold(report, server, all_catalogs, all_trivial,
                  f"after a save in {parent} ({children} variants)")
            peaks = server.peak_rss_mb()
            report.add(Figure(
                f"gunicorn worker peak RSS (VmHWM, {len(peaks)} workers, max)", max(peaks),
                None, "MB", f"<= {RSS_LIMIT_MB} MB", max(peaks) <= RSS_LIMIT_MB,
                notes=", ".join(f"{p:.0f}" for p in peaks) + " after every read above",
            ))
        finally:
            server.stop()


def _cold(report: Report, server: Server, paths: list[str], trivial: list[str],
          when: str) -> None:
    ours = sweep(server.port, paths)
    baseline = sweep(server.port, trivial)
    report.add(Figure(
        f"GET {len(paths)} catalogs once each, {when}: median latency",
        statistics.median(ours) * 1000, statistics.median(baseline) * 1000, "ms", "report",
        None, baseline_name="trivial route, same bytes",
        notes=f"one request at a time; ours max {max(ours) * 1000:.0f} ms, total "
              f"{sum(ours):.2f} s vs {sum(baseline):.2f} s",
    ))


def _public_locales(data: DataSet) -> list[str]:
    from backoffice.core.db import utcnow
    from backoffice.countries.state import public_locales
    from benchmarks.catalog_db import make_app

    app = make_app(data)
    with app.app_context():
        found = sorted(public_locales(utcnow()))
    app.extensions["db_engine"].dispose()
    return found
