"""GNU gettext's own tools run on the catalogs' files: ``msgfmt -c``, the judge of whether
gettext accepts a file, and the compiler of ``.mo`` files."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["MsgfmtMissing", "MsgfmtRefused", "compile_mo", "msgfmt_problems"]


class MsgfmtMissing(RuntimeError):
    """GNU gettext is not installed."""


class MsgfmtRefused(RuntimeError):
    """``msgfmt -c`` refused a file; the message is what it said."""


def _msgfmt() -> str | None:
    return shutil.which("msgfmt")


def _run(msgfmt: str, source: Path, output: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed program, our own file names
        [msgfmt, "-c", "-o", str(output), str(source)],
        capture_output=True, text=True, check=False,
    )


def msgfmt_problems(po_bytes: bytes) -> str | None:
    """What ``msgfmt -c`` says against the file (None when it accepts it)."""
    msgfmt = _msgfmt()
    if msgfmt is None:
        raise MsgfmtMissing("GNU msgfmt is not installed (Debian package gettext).")
    with tempfile.TemporaryDirectory(prefix="backoffice-msgfmt-") as tmp:
        source = Path(tmp) / "catalog.po"
        source.write_bytes(po_bytes)
        done = _run(msgfmt, source, os.devnull)
    if done.returncode == 0:
        return None
    return _errors(done.stderr, str(source))


def _errors(stderr: str, path: str) -> str:
    """msgfmt's errors without its warnings (and their indented continuation lines), and
    with our temporary file's name replaced by what the reader knows: line numbers."""
    kept: list[str] = []
    in_warning = False
    for line in stderr.splitlines():
        if line[:1].isspace():
            if not in_warning:
                kept.append(line)
            continue
        in_warning = "warning:" in line
        if not in_warning:
            kept.append(line.replace(f"{path}:", "line ").replace(f"{path}", "the file"))
    return "\n".join(kept).strip()


def compile_mo(po_bytes: bytes, target: Path) -> str:
    """Compile with GNU msgfmt (checked with -c) when installed, else with Babel."""
    target.parent.mkdir(parents=True, exist_ok=True)
    msgfmt = _msgfmt()
    # Next to the target: a rename from another file system (a tmpfs /tmp) would fail.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".compile-") as tmp:
        source = Path(tmp) / "catalog.po"
        source.write_bytes(po_bytes)
        output = Path(tmp) / "catalog.mo"
        if msgfmt:
            done = _run(msgfmt, source, output)
            if done.returncode != 0:
                raise MsgfmtRefused(f"msgfmt refused {target.name}: {done.stderr}")
        else:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with source.open("rb") as handle:
                catalog = read_po(handle)
            with output.open("wb") as handle:
                write_mo(handle, catalog)
        os.replace(output, target)
    return "msgfmt" if msgfmt else "babel"
