"""Demo data: the product's catalogs from ``locales/`` loaded into the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from backoffice.catalogs.operations import editing, imports, queries
from backoffice.core.db import db
from backoffice.countries.models import Locale

if TYPE_CHECKING:
    from backoffice.catalogs.models import Catalog

DEMO_DOMAIN = "app"
# Variants of the demo and their parents, used when the locale rows do not exist yet.
DEMO_PARENTS = {"fr_BE": "fr_FR", "es_MX": "es_ES"}
# How many translated messages the demo reviewer has already reviewed, per locale.
DEMO_REVIEWED = {"fr_FR": 30, "pl_PL": 12}


def _ensure_locale(code: str) -> None:
    parent = DEMO_PARENTS.get(code)
    if parent:
        _ensure_locale(parent)
    locale = db.session.get(Locale, code)
    if locale is None:
        db.session.add(Locale(code=code, parent_code=parent))
        db.session.flush()


def load_catalogs() -> int:
    """Import every ``locales/<locale>/LC_MESSAGES/app.po`` not in the database yet."""
    folder = Path(current_app.config["LOCALES_DIR"])
    created = 0
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DEMO_DOMAIN}.po")):
        code = path.parent.parent.name
        _ensure_locale(code)
        if queries.find_catalog(DEMO_DOMAIN, code) is not None:
            continue
        result = imports.import_file(DEMO_DOMAIN, code, path.read_bytes(),
                                        filename=path.name)
        _review_some(result.catalog, DEMO_REVIEWED.get(code, 0))
        created += 1
    return created


def _review_some(catalog: Catalog, count: int) -> None:
    if not count:
        return
    from sqlalchemy import select

    from backoffice.accounts.operations import find_user_by_email
    from backoffice.catalogs.models import Message, State

    reviewer = find_user_by_email("reviewer@demo.example")
    messages = db.session.scalars(
        select(Message)
        .where(Message.catalog_id == catalog.id, Message.state == State.TRANSLATED.value)
        .order_by(Message.position)
        .limit(count)
    ).all()
    for message in messages:
        editing.review(message, version=message.version, actor=reviewer)
