"""The catalog file engine against Babel and GNU gettext, on the same files."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from benchmarks.data import change_template, generate_catalog
from benchmarks.harness import Figure, Report, best_time, ratio_figure, report_figure


def run(report: Report, size: int) -> None:
    from backoffice.catalogs.po import reader, writer
    from backoffice.catalogs.templates_merge import update_from_template

    data = generate_catalog(size)
    label = f"{size:,} msgs"

    ours = best_time(lambda: reader.parse(data))
    babel = best_time(lambda: read_po(io.BytesIO(data)))
    report.add(ratio_figure(f"parse .po ({label})", ours, babel, "Babel read_po", 3))

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

    small = generate_catalog(max(size // 100, 20))
    per_message_small = best_time(lambda: reader.parse(small), repeat=5) / max(size // 100, 20)
    per_message_full = best_time(lambda: reader.parse(data)) / size
    report.add(ratio_figure(
        f"parse time per message, {label} vs 1 %", per_message_full, per_message_small,
        "same at 1 % size", 1.5, unit="s/msg",
    ))

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
