"""``python -m benchmarks [--quick] [--postgresql] [--only PART ...]``: measure, print one
table, write benchmarks/results/ (a partial run with ``--only`` writes nothing)."""

from __future__ import annotations

import argparse
import os
import sys
import time

from benchmarks import (
    catalog_db,
    catalog_files,
    dataset,
    editor,
    glossary_highlight,
    http_load,
    memory_lookup,
    queries,
)
from benchmarks.harness import HEADER, Figure, Report

PARTS = ("files", "db", "editor", "glossary", "queries", "http", "memory")
# The parts that read the large data set (the others build their own).
ON_LARGE = {"db", "editor", "glossary", "queries", "http"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    parser.add_argument("--postgresql", action="store_true",
                        help="run on a throw-away PostgreSQL cluster, durable as in production "
                             "(fsync on; default: SQLite, or the server DATABASE_URL names)")
    parser.add_argument("--only", nargs="+", choices=PARTS, metavar="PART",
                        help=f"run only these parts ({', '.join(PARTS)}); default: all")
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    os.environ.setdefault("BACKOFFICE_ENV", "development")
    size = dataset.QUICK if args.quick else dataset.FULL
    started = time.perf_counter()
    with dataset.databases(args.postgresql) as databases:
        report = Report(quick=args.quick, database=databases.kind)
        print(HEADER)
        if "files" in parts:
            catalog_files.run(report, size.messages)
        _took("files", started)
        if "memory" in parts:
            begun = time.perf_counter()
            memory_lookup.run(report, databases.new("memory"), quick=args.quick)
            _took("memory", begun)
        begun = time.perf_counter()
        large = dataset.build(databases.new("large"), size) if parts & ON_LARGE else None
        if large is not None:
            report.add(Figure(
                f"generate the data set ({len(large.countries)} countries, {size.locales} "
                f"locales ({len(large.parents)} variants) x {size.messages:,} msgs, "
                f"{size.audit_events:,} audit events)",
                time.perf_counter() - begun, None, "s", "report", None,
            ))
        if "db" in parts:
            _took("data set", begun)
            begun = time.perf_counter()
            catalog_db.run(report, large, quick=args.quick)
            _took("db", begun)
        if "editor" in parts:
            begun = time.perf_counter()
            editor.run(report, large, quick=args.quick)
            _took("editor", begun)
        if "glossary" in parts:
            begun = time.perf_counter()
            glossary_highlight.run(report, large, quick=args.quick)
            _took("glossary", begun)
        if "queries" in parts:
            begun = time.perf_counter()
            small = dataset.build(databases.new("small"), dataset.SMALL)
            queries.run(report, small, large)
            _took("queries", begun)
        if "http" in parts:
            begun = time.perf_counter()
            http_load.run(report, large, quick=args.quick)
            _took("http", begun)
        report.elapsed = time.perf_counter() - started
        if not args.only:
            report.write()
    failed = [f.name for f in report.figures if f.passed is False]
    print(f"\n{len(report.figures)} figures in {time.perf_counter() - started:.0f} s; "
          f"{len(failed)} over target."
          + ("" if args.only else " Results in benchmarks/results/."))
    return 0


def _took(part: str, since: float) -> None:
    print(f"  ({part}: {time.perf_counter() - since:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
