"""How far a team can trust an export: is it still the imported file, byte for byte, and
how many entries changed since?

The bytes of the imported file are not kept, only their SHA-256, size and entry count
(on the catalog, set by the first import). Comparing with what an export would write
costs one export, so it is done on demand (the catalog page's "Check fidelity", ``backoffice
catalogs check``); nothing is counted on each edit, so saving stays one small write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import export as catalog_export
from backoffice.catalogs.po import writer

__all__ = ["Fidelity", "fidelity"]


@dataclass(frozen=True)
class Fidelity:
    imported: bool  # the catalog was created from a file (else: nothing to compare with)
    identical: bool  # an export now gives the imported bytes
    size: int  # bytes an export writes now
    source_size: int | None
    edited: int  # entries of the imported file whose lines an export writes differently
    added: int  # entries the file did not have (from template updates)
    removed: int  # entries of the file that are gone (template updates drop them)
    header_changed: bool


def fidelity(catalog: Catalog) -> Fidelity:
    """Compare the catalog's export with the file it was imported from."""
    po = catalog_export.export_file(catalog)
    data = writer.serialize(po)
    from_file = [e for e in po.entries if e.raw is not None]
    identical = catalog.source_sha256 is not None and (
        len(data) == catalog.source_size
        and hashlib.sha256(data).hexdigest() == catalog.source_sha256
    )
    return Fidelity(
        imported=catalog.source_sha256 is not None,
        identical=identical,
        size=len(data),
        source_size=catalog.source_size,
        edited=sum(1 for e in from_file if e.is_modified()),
        added=len(po.entries) - len(from_file),
        removed=max((catalog.source_entries or 0) - len(from_file), 0),
        header_changed=po.header is not None and po.header.is_modified(),
    )
