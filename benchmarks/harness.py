"""Figures, timing and the report.

A figure compares the backoffice with a baseline measured in the same process, on the same
data, right before or after: a ratio is meaningful on a loaded laptop and on CI alike, a
remembered number is not.
"""

from __future__ import annotations

import gc
import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    name: str
    value: float
    baseline: float | None
    unit: str
    target: str  # e.g. "ratio <= 3"
    passed: bool | None
    baseline_name: str = ""
    notes: str = ""
    paired_ratio: float | None = None  # the median of per-round ratios, when paired

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


@dataclass
class Report:
    quick: bool
    database: str
    figures: list[Figure] = field(default_factory=list)
    commit: str = field(default_factory=lambda: source_commit())
    elapsed: float = 0.0  # seconds, the whole run

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(format_row(figure), flush=True)
        return figure

    def as_json(self) -> dict[str, Any]:
        return {
            "quick": self.quick,
            "database": self.database,
            "commit": self.commit,
            "elapsed_seconds": round(self.elapsed, 1),
            "machine": machine(),
            "figures": [asdict(f) | {"ratio": f.ratio} for f in self.figures],
        }

    def as_markdown(self) -> str:
        lines = [
            f"# Benchmark results ({'quick' if self.quick else 'full'} run, {self.database})",
            "",
            f"Commit measured: `{self.commit}`; the run took {self.elapsed:.0f} s.",
            "",
            f"Machine: {machine()['summary']}",
            "",
            "How each figure is measured: [benchmarks/README.md](../README.md).",
            "",
            "| figure | value | baseline | ratio | target | result | notes |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in self.figures:
            ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
            base = f"{f.baseline:.4g} {f.unit} ({f.baseline_name})" if f.baseline else "-"
            result = {True: "pass", False: "FAIL", None: "report"}[f.passed]
            lines.append(
                f"| {f.name} | {f.value:.4g} {f.unit} | {base} | {ratio} | {f.target} | {result} "
                f"| {f.notes} |"
            )
        return "\n".join(lines) + "\n"

    def write(self) -> None:
        RESULTS_DIR.mkdir(exist_ok=True)
        # One file per database: a PostgreSQL run does not replace the SQLite one.
        name = "latest" + ("" if self.database == "sqlite" else f"-{self.database}")
        name += "-quick" if self.quick else ""
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(self.as_json(), indent=2) + "\n")
        (RESULTS_DIR / f"{name}.md").write_text(self.as_markdown())


def source_commit() -> str:
    """The commit of the checkout measured, with ``+changes`` when the tree differs."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
             ":!benchmarks/results"], cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" +uncommitted changes" if dirty else "")


def machine() -> dict[str, str]:
    import os

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    summary = f"{os.cpu_count()} cores ({cpu}), {memory}, Python {platform.python_version()}"
    return {"summary": summary, "cpu": cpu, "memory": memory, "python": platform.python_version()}


def best_time(function: Callable[[], Any], *, repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds: the least disturbed by the machine.

    Every run, ours and every baseline's, gets the same interpreter settings: a full
    collection first, then Python's cyclic garbage collector paused for the call (our
    whole-file operations pause it themselves; a baseline gets the same treatment, so
    neither side is timed with a collector the other does not pay for).
    """
    return min(timed(function) for _ in range(repeat))


def timed(function: Callable[[], Any]) -> float:
    """One run of ``function`` in seconds, under the settings ``best_time`` describes."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def median_time(function: Callable[[], Any], *, repeat: int = 5) -> float:
    """The median of ``repeat`` runs (for requests: the typical cost, not the luckiest)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio_figure(name: str, value: float, baseline: float, baseline_name: str, limit: float,
                 unit: str = "s", notes: str = "") -> Figure:
    return Figure(
        name=name, value=value, baseline=baseline, unit=unit, target=f"ratio <= {limit:g}",
        passed=baseline > 0 and value / baseline <= limit, baseline_name=baseline_name,
        notes=notes,
    )


def report_figure(name: str, value: float, baseline: float | None, baseline_name: str,
                  unit: str = "s", notes: str = "") -> Figure:
    """A figure with its baseline and no target (shown for comparison)."""
    return Figure(name=name, value=value, baseline=baseline, unit=unit, target="report",
                  passed=None, baseline_name=baseline_name, notes=notes)


def format_row(f: Figure) -> str:
    ratio = f"{f.ratio:7.2f}" if f.ratio is not None else "      -"
    result = {True: "pass", False: "FAIL", None: "report"}[f.passed]
    base = f"{f.baseline:10.4g}" if f.baseline is not None else "         -"
    return f"{f.name:<58} {f.value:10.4g} {base} {ratio}  {f.target:<16} {result}"


HEADER = f"{'figure':<58} {'value':>10} {'baseline':>10} {'ratio':>7}  {'target':<16} result"
