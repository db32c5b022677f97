"""Work per request does not grow with the catalog; imports keep pace with Babel's reader."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog
from tests.catalogs import synthetic
from tests.conftest import sign_in
from tests.support.fixture_types import MakeUser
from tests.support.queries import QueryCounter


def _catalog_of(size: int, locale_code: str) -> Catalog:
    text = synthetic.po_text(synthetic.messages(size), translated=False)
    return operations.import_file("app", locale_code, text.encode(), check=False).catalog


def _queries_for_one_save_and_one_page(
        app: Flask, engine: Engine, make_user: MakeUser, catalog: Catalog) -> tuple[int, int]:
    from sqlalchemy import select

    from backoffice.catalogs.models import Message
    from backoffice.core.db import db

    client = app.test_client()
    sign_in(client, make_user("admin"))
    target = db.session.scalar(select(Message).where(
        Message.catalog_id == catalog.id, Message.position == 150))
    with QueryCounter(engine) as page_queries:
        page = client.get(f"/catalogs/app/{catalog.locale_code}/?page=3&after=100")
    assert page.status_code == 200
    with QueryCounter(engine) as save_queries:
        saved = client.post(f"/catalogs/api/messages/{target.id}",
                            json={"translations": [""] * 2 if target.msgid_plural else ["Tak"],
                                  "version": target.version})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    return page_queries.count, save_queries.count


def test_same_queries_at_200_and_20000_messages(
        app: Flask, engine: Engine, make_user: MakeUser) -> None:
    small = _catalog_of(200, "pl_PL")
    large = _catalog_of(20_000, "cs_CZ")
    small_counts = _queries_for_one_save_and_one_page(app, engine, make_user, small)
    large_counts = _queries_for_one_save_and_one_page(app, engine, make_user, large)
    print(f"\nqueries (page, save): 200 messages {small_counts}, 20,000 {large_counts}")
    assert small_counts == large_counts


def test_editor_page_and_save_do_not_scan_the_catalog(
        app: Flask, engine: Engine, make_user: MakeUser) -> None:
    """The page is read with LIMIT/OFFSET in position order; no COUNT over the catalog."""
    _catalog_of(300, "pl_PL")
    client = app.test_client()
    sign_in(client, make_user("admin"))
    with QueryCounter(engine) as queries:
        client.get("/catalogs/app/pl_PL/")
    message_queries = [s for s in queries.statements if "FROM catalog_messages" in s]
    assert message_queries and all("LIMIT" in s for s in message_queries
                                   if "ORDER BY catalog_messages.position" in s)
    assert not any("count(" in s.lower() and "catalog_messages" in s for s in queries.statements)


def test_import_of_20000_messages(app: Flask) -> None:
    # Its speed against Babel's read_po is measured by `make bench`.
    data = synthetic.po_text(synthetic.messages(20_000), translated=True).encode()
    result = operations.import_file("app", "pl_PL", data)
    assert result.catalog.total_count == result.catalog.translated_count == 20_000
