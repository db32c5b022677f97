"""Shared helpers of the catalog engine tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CORPUS = Path("/work/shared/corpus/po/securedrop")
DATA = Path(__file__).parent / "data"


def corpus_files() -> list[Path]:
    return sorted([*CORPUS.glob("*.po"), *CORPUS.glob("*.pot")])


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="translation corpus not present")
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext is not installed",
)


def msgfmt_check(path: Path, output: str | Path = "/dev/null") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "-c", "-o", str(output), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
