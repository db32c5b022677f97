"""``GET /api/v1/catalogs/{domain}/{locale}.json``: a locale's effective translations.

Only translated and reviewed text is served; a variant locale's missing messages come
from its parent. Only the product's domains are served, and only for a locale a visible
country uses (directly, or through a variant it serves): anything else answers 404, as a
locale that does not exist does, so the answer tells nothing of unreleased launches.

Built bodies are kept (``backoffice.api.catalog_cache``, bounded in bytes) for one set of
revision stamps: the ``catalogs`` stamp (which catalogs exist and are public) and the own
stamp of the catalog and of each ancestor it inherits from, each moved in the same
transaction as any change to that catalog's rows. A request reads those stamps (one
query; none on SQLite while nothing was committed) and serves the kept bytes, or a 304,
when nothing changed: a save in one locale rebuilds that locale and its variants only.
The ETag is a hash of the body, so it only changes when the body does; any app server
builds the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from backoffice.api import catalog_stamps_read, revisions
from backoffice.api.catalog_cache import catalog_cache
from backoffice.api.responses import cached_bytes, canonical_json
from backoffice.catalogs import inheritance
from backoffice.catalogs.domains import is_product_domain
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations.queries import find_catalog, parent_catalog
from backoffice.catalogs.operations.rules import DONE_STATES
from backoffice.core.db import db, utcnow
from backoffice.core.openapi import NULLABLE_STRING, STRING, error_content, json_content, obj
from backoffice.core.permissions import public
from backoffice.countries.state import next_effect, public_locales

CONTEXT_SEPARATOR = "\x04"  # gettext's msgctxt/msgid separator


def _done_texts(catalog: Catalog) -> dict[str, Any]:
    rows = db.session.execute(
        select(Message.msgctxt, Message.msgid, Message.msgid_plural, Message.translations)
        .where(Message.catalog_id == catalog.id, Message.obsolete.is_(False),
               Message.state.in_(DONE_STATES))
        .order_by(Message.position)
    )
    texts: dict[str, Any] = {}
    for context, msgid, plural, forms in rows:
        key = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context is not None else msgid
        texts[key] = list(forms) if plural is not None else (forms[0] if forms else "")
    return texts


def build_body(catalog: Catalog, parent: Catalog | None) -> bytes:
    """The catalog's effective texts: its own, else the nearest ancestor's (any depth)."""
    messages: dict[str, Any] = {}
    for ancestor in reversed(inheritance.ancestors(catalog)):
        messages.update(_done_texts(ancestor))
    messages.update(_done_texts(catalog))
    payload = {
        "domain": catalog.domain,
        "locale": catalog.locale_code,
        "parent": parent.locale_code if parent is not None else None,
        "plural_forms": catalog.plural_forms,
        "messages": messages,
    }
    return canonical_json(payload)


@public
def catalog_json(domain: str, locale: str) -> ResponseReturnValue:
    if len(domain) > 64 or len(locale) > 16:
        return _missing(domain, locale)
    if not is_product_domain(domain):
        return _missing(domain, locale)
    now = utcnow()
    found = catalog_stamps_read.stamps(domain, locale)
    if found is None or locale not in _public_locales(found[0], now):
        return _missing(domain, locale)

    def build() -> bytes:
        catalog = find_catalog(domain, locale)
        assert catalog is not None  # its stamps were just read
        return build_body(catalog, parent_catalog(catalog))

    answer = catalog_cache().answer((domain, locale), found, build)
    return cached_bytes(answer.body, "application/json", etag=answer.etag)


def _public_locales(stamp: int, now: datetime) -> frozenset[str]:
    """``state.public_locales``, kept for one catalogs stamp (which every change to what
    is visible bumps too) and until the next scheduled change comes due."""
    kept = revisions.answers("public_locales", 1)
    answer = kept.get("*", stamp, now)
    if answer is None:
        body = "\n".join(sorted(public_locales(now))).encode()
        answer = kept.put("*", stamp, body, next_effect(now))
    return frozenset(answer.body.decode().split("\n")) - {""}


def _missing(domain: str, locale: str) -> ResponseReturnValue:
    return jsonify(error=f"no catalog {domain!r} for the locale {locale!r}", status=404), 404


OPENAPI_PATHS = {"/api/v1/catalogs/{domain}/{locale}.json": {"get": {
    "operationId": "getCatalog",
    "tags": ["client"],
    "summary": "A locale's effective translations (translated and reviewed, parents "
               "resolved); plural messages map to a list of forms",
    "parameters": [
        {"name": "domain", "in": "path", "required": True, "schema": STRING},
        {"name": "locale", "in": "path", "required": True, "schema": STRING},
    ],
    "responses": {
        "200": json_content(obj({
            "domain": STRING, "locale": STRING, "parent": NULLABLE_STRING,
            "plural_forms": NULLABLE_STRING,
            "messages": {"type": "object", "additionalProperties": {
                "oneOf": [STRING, {"type": "array", "items": STRING}]}},
        }, ["domain", "locale", "messages"]), "The translations"),
        "304": {"description": "Not modified"},
        "404": error_content("No such catalog"),
    },
}}}
