"""``GET /api/v1/catalogs/{domain}/{locale}.json``: a locale's effective translations.

Only translated and reviewed text is served; a variant locale's missing messages come
from its parent. The ETag comes from a few indexed aggregates (no catalog work), so a
304 is cheap; built bodies are kept in a small in-process cache keyed by that ETag,
which makes them derived data, never state: any app server rebuilds the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from flask import jsonify
from sqlalchemy import func, select

from backoffice.api.client import bp, cached_bytes, not_modified
from backoffice.catalogs.models import Catalog, Message
from backoffice.catalogs.operations import DONE_STATES, find_catalog, parent_catalog
from backoffice.core.db import db
from backoffice.core.permissions import public

CONTEXT_SEPARATOR = "\x04"  # gettext's msgctxt/msgid separator
_CACHE_SIZE = 16
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def _fingerprint(catalog: Catalog) -> tuple[Any, ...]:
    latest, count = db.session.execute(
        select(func.max(Message.updated_at), func.count(Message.id))
        .where(Message.catalog_id == catalog.id)
    ).one()
    return (catalog.id, catalog.plural_forms, str(latest), count, catalog.translated_count,
            catalog.reviewed_count)


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
    messages = _done_texts(parent) if parent is not None else {}
    messages.update(_done_texts(catalog))
    payload = {
        "domain": catalog.domain,
        "locale": catalog.locale_code,
        "parent": parent.locale_code if parent is not None else None,
        "plural_forms": catalog.plural_forms,
        "messages": messages,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


@bp.route("/catalogs/<domain>/<locale>.json")
@public
def catalog_json(domain: str, locale: str):  # type: ignore[no-untyped-def]
    catalog = find_catalog(domain, locale) if len(domain) <= 64 and len(locale) <= 16 else None
    if catalog is None:
        return jsonify(error=f"no catalog {domain!r} for the locale {locale!r}",
                       status=404), 404
    parent = parent_catalog(catalog)
    parts = [_fingerprint(catalog), _fingerprint(parent) if parent is not None else None]
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    early = not_modified(etag)
    if early is not None:
        return early
    with _cache_lock:
        body = _cache.get(etag)
        if body is not None:
            _cache.move_to_end(etag)
    if body is None:
        body = build_body(catalog, parent)
        with _cache_lock:
            _cache[etag] = body
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return cached_bytes(body, "application/json", etag=etag)
