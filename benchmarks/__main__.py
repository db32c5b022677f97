"""``python -m benchmarks [--quick]``: measure, print one table, write benchmarks/results/."""

from __future__ import annotations

import argparse
import os
import sys
import time

from benchmarks import catalog_files
from benchmarks.harness import HEADER, Report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "sqlite (temporary file)")
    report = Report(quick=args.quick, database=database.split("://")[0])
    messages = 2_000 if args.quick else 20_000
    started = time.perf_counter()
    print(HEADER)
    catalog_files.run(report, messages)
    for suite in _database_suites():
        suite(report, quick=args.quick)
    report.write()
    failed = [f.name for f in report.figures if f.passed is False]
    print(f"\n{len(report.figures)} figures in {time.perf_counter() - started:.0f} s; "
          f"{len(failed)} over target. Results in benchmarks/results/.")
    return 0


def _database_suites():  # type: ignore[no-untyped-def]
    return []


if __name__ == "__main__":
    sys.exit(main())
