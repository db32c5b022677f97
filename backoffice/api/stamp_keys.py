"""The names of the client API's revision stamps, shared by ``revisions`` (which stores
them) and ``catalog_stamps`` (which works out which ones a write moves)."""

from __future__ import annotations

CATALOGS = "catalogs"  # which catalogs exist and are public


def catalog_key(catalog_id: int) -> str:
    """The stamp key of one catalog's own rows (the catalog and its messages)."""
    return f"catalog:{catalog_id}"
