"""The stamps a catalog answer is valid for, read in one query when nothing moved.

An answer for (domain, locale) depends on the ``catalogs`` stamp (which catalogs exist,
which locales are public, who inherits from whom) and on the own stamp of the catalog and
of each ancestor catalog (``revisions.catalog_key``). The chain of catalog ids is kept for
one ``catalogs`` stamp; a request reads that stamp and the chain's stamps together, and
works the chain out again only when the ``catalogs`` stamp moved.
"""

from __future__ import annotations

import threading

from flask import current_app

from backoffice.api import revisions, stamp_keys

_lock = threading.Lock()


def _chains() -> dict[tuple[str, str], tuple[int, tuple[int, ...] | None]]:
    chains: dict[tuple[str, str], tuple[int, tuple[int, ...] | None]] = (
        current_app.extensions.setdefault("client_catalog_chains", {}))
    return chains


def _chain(domain: str, locale: str) -> tuple[int, ...] | None:
    from backoffice.catalogs import inheritance
    from backoffice.catalogs.operations import find_catalog

    catalog = find_catalog(domain, locale)
    if catalog is None:
        return None
    return (catalog.id, *(c.id for c in inheritance.ancestors(catalog)))


def stamps(domain: str, locale: str) -> tuple[int, ...] | None:
    """(``catalogs`` stamp, own stamps of the catalog and its ancestors), or None when
    there is no such catalog."""
    chains = _chains()
    known = chains.get((domain, locale))
    keys = [stamp_keys.CATALOGS]
    if known is not None and known[1] is not None:
        keys += [stamp_keys.catalog_key(i) for i in known[1]]
    values = revisions.current_many(keys)
    structure = values[stamp_keys.CATALOGS]
    if known is not None and known[0] == structure:
        chain = known[1]
        if chain is None:
            return None
        return (structure, *(values[key] for key in keys[1:]))
    chain = _chain(domain, locale)
    with _lock:
        chains[(domain, locale)] = (structure, chain)
    if chain is None:
        return None
    keys = [stamp_keys.CATALOGS, *(stamp_keys.catalog_key(i) for i in chain)]
    values = revisions.current_many(keys)
    if values[stamp_keys.CATALOGS] != structure:
        return stamps(domain, locale)  # the structure moved meanwhile: once more
    return (structure, *(values[key] for key in keys[1:]))
