"""Files other tools read (catalogs, templates, country files): written all or nothing,
and only inside the folder they belong to."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A reader sees the old file or the new one, never a part. The temporary name ends in
    ``.tmp``: if the process dies before the rename, what it leaves is not mistaken for a
    catalog or a country file. The file keeps the mode it had (or 0644: mkstemp's files
    are private).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        os.fchmod(handle, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class OutsideFolderError(ValueError):
    """A path built from outside input would land outside its folder."""


def inside(folder: str | os.PathLike[str], *parts: str) -> Path:
    """``folder/part/...``, checked to lie inside ``folder`` once every ``..`` and link is
    resolved: the one way a path is built from a locale, a domain or a country code."""
    root = Path(folder).resolve()
    for part in parts:
        if not part or "\x00" in part or os.sep in part or (os.altsep and os.altsep in part):
            raise OutsideFolderError(f"not a file name: {part!r}")
    path = root.joinpath(*parts).resolve()
    if path != root and root not in path.parents:
        raise OutsideFolderError(f"{path} is outside {root}")
    return path
