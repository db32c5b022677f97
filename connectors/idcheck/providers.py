"""Loading every ID-check provider: the in-house review, then one per coverage file.

Apart from the interface (``connectors.idcheck``), which the coverage file reader imports.
"""

from __future__ import annotations

from pathlib import Path

from connectors.idcheck import (
    _PROVIDER_NAME,
    COVERAGE_DIRECTORY,
    MANUAL,
    ConfiguredProvider,
    IdCheckProvider,
    ManualReview,
)
from connectors.idcheck.coverage_file import CoverageError, parse_coverage


def load_providers(directory: Path | None = None) -> dict[str, IdCheckProvider]:
    """Every provider: ``manual`` first, then one per coverage file, by name.

    Read on each call, not cached, so that an admin's edit is seen at once.
    Raises ``CoverageError`` naming the file for an invalid file.
    """
    folder = COVERAGE_DIRECTORY if directory is None else Path(directory)
    if not folder.is_dir():
        raise FileNotFoundError(f"no coverage directory at {folder}")
    providers: dict[str, IdCheckProvider] = {MANUAL: ManualReview()}
    for path in sorted(folder.glob("*.toml")):
        name = path.stem
        if name == MANUAL or not _PROVIDER_NAME.fullmatch(name):
            raise CoverageError(f"{path.name}: invalid provider name {name!r}")
        coverage = parse_coverage(path.read_text(encoding="utf-8"), path.name)
        providers[name] = ConfiguredProvider(name, coverage)
    return providers
