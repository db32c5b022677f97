"""The catalogs' background tasks: the search index of newly imported rows."""

from __future__ import annotations

from backoffice.catalogs.operations import search_index
from backoffice.tasks.queue import task


@task(search_index.INDEX_TASK, retries=5, retry_delay=30)
def index_search(catalog_id: int) -> int:
    """One slice of the catalog's pending rows into the index, then the next slice as a
    task of its own (after this one's commit). Idempotent: the rows it finds pending."""
    done = search_index.index_slice(catalog_id)
    if done == search_index.SLICE:
        search_index.index_later(catalog_id)
    return done


@task("catalogs.index_search_sweep", schedule={"minute": "*/15"})
def index_search_sweep() -> int:
    """Pick up catalogs whose indexing task was lost (a queue kept in memory, a worker
    stopped): each gets its task again."""
    catalogs = search_index.pending_catalogs()
    for catalog_id in catalogs:
        search_index.index_later(catalog_id)
    return len(catalogs)
