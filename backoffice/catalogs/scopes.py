"""Which locales a catalog route acts on, for the scope routes declare (``countries.scopes``
has the rule's data; ``User.may`` the rule)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from backoffice.catalogs.models import Catalog, ImportBatch, Message
from backoffice.core.arguments import MAX_INTEGER
from backoffice.core.db import db
from backoffice.core.permissions import Resolver, Target
from backoffice.countries import scopes
from backoffice.countries.models import CountryLocale


def _row_locale(query: Any, value: object) -> list[Target]:
    if not isinstance(value, int) or not 0 < value <= MAX_INTEGER:
        return []
    code = db.session.scalar(query.limit(1))
    return [scopes.locale(code)] if code else []


def _catalog_row_locale(model: type[Message] | type[ImportBatch], name: str) -> Resolver:
    """The locale of the catalog a row of ``model`` (with ``catalog_id``) belongs to."""

    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        value = args.get(name)
        return _row_locale(select(Catalog.locale_code)
                           .join(model, model.catalog_id == Catalog.id)
                           .where(model.id == value), value)

    return resolve


def message_locale(name: str = "message_id") -> Resolver:
    """The locale of the catalog holding the message (``.../messages/<message_id>``)."""
    return _catalog_row_locale(Message, name)


def batch_locale(name: str = "batch_id") -> Resolver:
    """The locale of the catalog an import batch went into."""
    return _catalog_row_locale(ImportBatch, name)


def domain_locales(name: str = "domain") -> Resolver:
    """Every locale a domain-wide change reaches: its catalogs, and the locales in use
    (a template update gives those their missing catalogs)."""

    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        codes = set(db.session.scalars(select(Catalog.locale_code).where(
            Catalog.domain == args.get(name))))
        codes.update(db.session.scalars(select(CountryLocale.locale_code)))
        return [scopes.locale(code) for code in sorted(codes)]

    return resolve


def bulk_locale(name: str = "operation_id") -> Resolver:
    """The locale of the catalog a bulk change went into."""
    from backoffice.catalogs.bulk_models import BulkOperation

    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        value = args.get(name)
        return _row_locale(select(Catalog.locale_code)
                           .join(ImportBatch, ImportBatch.catalog_id == Catalog.id)
                           .join(BulkOperation, BulkOperation.batch_id == ImportBatch.id)
                           .where(BulkOperation.id == value), value)

    return resolve
