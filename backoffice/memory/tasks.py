"""The memory's background task: feeding it after a large catalog change."""

from __future__ import annotations

from backoffice.catalogs.models import Catalog
from backoffice.core.db import db
from backoffice.memory.feed import catalog_changed
from backoffice.tasks.queue import task


@task("memory.feed_catalog", retries=3, retry_delay=30)
def feed_catalog(catalog_id: int) -> int:
    """Idempotent: it brings the catalog's units in step with its rows as they are now."""
    catalog = db.session.get(Catalog, catalog_id)
    return 0 if catalog is None else catalog_changed(catalog, now=True)
