"""Entries and files rebuilt from stored records, without the file they came from.

A stored entry keeps its original ``raw`` text next to its fields; the raw text is read
again to learn the state it describes, so what changed since is known field by field.
"""

from __future__ import annotations

from typing import Any

from backoffice.catalogs.po.model import PoEntry, PoFile
from backoffice.catalogs.po.reader import entry_from_raw

__all__ = ["entry_from_record", "file_from_records"]


def entry_from_record(record: dict[str, Any], *, unedited: bool = False) -> PoEntry:
    """Rebuild an entry from stored fields plus the original ``raw`` text.

    The raw text is re-read to learn which fields it describes, so stored fields that were
    edited after import are detected as modifications (and only those lines are
    re-rendered) even though ``raw`` still holds the imported text. A record known
    ``unedited`` (its fields are what its raw text says) skips the reading.
    """
    data = dict(record)
    raw = data.pop("raw", None)
    entry = PoEntry(**data)
    if raw is not None:
        entry.raw = raw
        entry.original = entry.state() if unedited else entry_from_raw(raw).state()
    return entry


def file_from_records(file_record: dict[str, Any], entries: list[dict[str, Any]]) -> PoFile:
    """Rebuild a file from ``PoFile.file_record()`` and entry records, without the old bytes."""
    data = dict(file_record)
    header = data.pop("header", None)
    return PoFile(
        entries=[entry_from_record(r) for r in entries],
        header=entry_from_record(header) if header else None,
        **data,
    )
