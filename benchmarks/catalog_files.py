"""The catalog file engine against Babel and GNU gettext, on the same files."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from benchmarks.data import change_template, generate_catalog
from benchmarks.harness import Figure, Report, best_time, ratio_figure, report_figure, timed


def run(report: Report, size: int) -> None:
    from backoffice.catalogs.po import reader, writer
    from backoffice.catalogs.templates_merge import update_from_template

    data = generate_catalog(size)
    label = f"{size:,} msgs"

    ours = best_time(lambda: reader.parse(data))
    babel = best_time(lambda: read_po(io.BytesIO(data)))
    report.add(ratio_figure(f"parse .po ({label})", ours, babel, "Babel read_po", 3))
    _per_message(report, data, size, label)

    parsed = reader.parse(data)
    catalog = read_po(io.BytesIO(data))
    ours = best_time(lambda: writer.serialize(parsed))
    try:
        from translate.storage import po as pofile
    except ImportError:
        pofile = None
    if pofile is not None:
        store = pofile.pofile.parsestring(data)
        same = "same bytes" if bytes(store) == data else "other bytes"
        report.add(ratio_figure(f"write .po ({label})", ours, best_time(lambda: bytes(store)),
                                "translate-toolkit serialise", 2,
                                notes=f"translate-toolkit writes the {same}"))
    babel = best_time(lambda: write_po(io.BytesIO(), catalog, width=0))
    report.add(report_figure(f"write .po vs Babel ({label})", ours, babel,
                             "Babel write_po, no wrapping"))

    template = change_template(data, 0.02)
    if shutil.which("msgmerge"):
        with tempfile.TemporaryDirectory() as tmp:
            po_path, pot_path = Path(tmp, "a.po"), Path(tmp, "a.pot")
            po_path.write_bytes(data)
            pot_path.write_bytes(template)
            out = Path(tmp, "out.po")

            def ours_update() -> None:
                result = update_from_template(
                    reader.parse(po_path.read_bytes()), reader.parse(pot_path.read_bytes())
                )
                out.write_bytes(writer.serialize(result.po))

            def gnu_update(*extra: str) -> None:
                subprocess.run(
                    ["msgmerge", "--quiet", "--no-wrap", *extra, "-o", str(out), str(po_path),
                     str(pot_path)], check=True,
                )

            ours = best_time(ours_update, repeat=1)
            report.add(ratio_figure(
                f"template update, 2 % changed ({label})", ours,
                best_time(lambda: gnu_update("--no-fuzzy-matching"), repeat=1),
                "msgmerge --no-fuzzy-matching", 2,
                notes="files in, file out; the peer doing the same work (see README)",
            ))
            report.add(report_figure(
                f"template update vs msgmerge's fuzzy default ({label})", ours,
                best_time(gnu_update, repeat=1), "msgmerge (fuzzy matching)",
            ))
    else:
        report.add(Figure(f"template update ({label})", 0, None, "s", "ratio <= 2", None,
                          notes="msgmerge not installed"))


PER_MESSAGE_LIMIT = 1.5  # a message of the full file vs one of a file 100 times smaller
PER_MESSAGE_SMALLEST = 200  # below this the once-per-file cost drowns the messages'
PER_MESSAGE_ROUNDS = 5


def _per_message(report: Report, data: bytes, size: int, label: str) -> None:
    """Parse cost per message of the full file vs of one 100 times smaller (200 at least).

    Measured before any other large object of this part exists. Each timed call parses
    as many messages as the full file holds (the small file parsed ``size // small``
    times in a loop), the rounds alternate between the two sides, and the best round of
    each counts. A file of the header only is timed the same way and subtracted: its
    cost (the plural rule checked against many numbers) is paid once per file and would
    otherwise make the small file look dearer per message than it is.
    """
    from backoffice.catalogs.po import reader

    small_size = min(max(size // 100, PER_MESSAGE_SMALLEST), size)
    loops = size // small_size
    small, header = generate_catalog(small_size), generate_catalog(0)

    def looped(text: bytes, times: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(times):
                reader.parse(text)
        return run

    sides = {"full": looped(data, 1), "full header": looped(header, 1),
             "small": looped(small, loops), "small header": looped(header, loops)}
    best = dict.fromkeys(sides, float("inf"))
    for _round in range(PER_MESSAGE_ROUNDS):
        for name, function in sides.items():
            best[name] = min(best[name], timed(function))
    full = (best["full"] - best["full header"]) / size
    one_small = (best["small"] - best["small header"]) / (loops * small_size)
    report.add(ratio_figure(
        f"parse time per message, {label} vs {small_size:,}", full, one_small,
        f"same at {small_size:,} msgs", PER_MESSAGE_LIMIT, unit="s/msg",
        notes=f"the once-per-file cost ({best['full header'] * 1e3:.2f} ms, the header "
              f"alone) subtracted on both sides; the small file parsed {loops} times per "
              "timed call",
    ))
