"""``python -m benchmarks [--quick] [--postgresql] [--only PART ...]``: measure, print one
table, write benchmarks/results/ (a partial run with ``--only`` writes nothing)."""

from __future__ import annotations

import argparse
import os
import sys
import time

from benchmarks import catalog_db, catalog_files, dataset, http_load, memory_lookup, queries
from benchmarks.harness import HEADER, Figure, Report

PARTS = ("files", "db", "queries", "http", "memory")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    parser.add_argument("--postgresql", action="store_true",
                        help="run on a throw-away PostgreSQL cluster (default: SQLite, or "
                             "the server DATABASE_URL names)")
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
        if "memory" in parts:
            memory_lookup.run(report, databases.new("memory"), quick=args.quick)
        if not parts & {"db", "queries", "http"}:
            parts = set()
        begun = time.perf_counter()
        large = None if not parts else dataset.build(databases.new("large"), size)
        if large is not None:
            report.add(Figure(
                f"generate the data set ({len(large.countries)} countries, {size.locales} "
                f"locales, {size.full_catalogs} x {size.messages:,} msgs, "
                f"{size.audit_events:,} audit events)",
                time.perf_counter() - begun, None, "s", "report", None,
            ))
        if "db" in parts:
            catalog_db.run(report, large, quick=args.quick)
        if "queries" in parts:
            small = dataset.build(databases.new("small"), dataset.SMALL)
            queries.run(report, small, large)
        if "http" in parts:
            http_load.run(report, large, quick=args.quick)
        if not args.only:
            report.write()
    failed = [f.name for f in report.figures if f.passed is False]
    print(f"\n{len(report.figures)} figures in {time.perf_counter() - started:.0f} s; "
          f"{len(failed)} over target."
          + ("" if args.only else " Results in benchmarks/results/."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
