"""A variant's effective text: its own, else its parent's effective text, at any depth.

``es_PA`` on ``es_MX`` on ``es_ES``: a message ``es_PA`` has not translated shows
``es_MX``'s translation, or ``es_ES``'s where ``es_MX`` has none either. Coverage, gates,
the editor's parent column, the client API and ``.mo`` compile all read it here. Chains
are followed up to ``MAX_DEPTH`` and never loop (cycles are refused when a parent is set,
and a cycle that got into the data anyway ends the chain where it comes back).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sqlalchemy import Select, func, select, union_all, update
from sqlalchemy.orm import aliased

from backoffice.catalogs.models import Catalog, Message, State
from backoffice.core.db import db
from backoffice.countries.models import Locale

MAX_DEPTH = 16
DONE_STATES = (State.TRANSLATED.value, State.REVIEWED.value)


def _parents() -> dict[str, str | None]:
    return dict(db.session.execute(select(Locale.code, Locale.parent_code)).all())


def ancestor_codes(locale: str, parents: dict[str, str | None] | None = None) -> list[str]:
    """The locale's parent, grandparent... nearest first."""
    parents = parents if parents is not None else _parents()
    chain: list[str] = []
    code = parents.get(locale)
    while code and code != locale and code not in chain and len(chain) < MAX_DEPTH:
        chain.append(code)
        code = parents.get(code)
    return chain


def ancestors(catalog: Catalog) -> list[Catalog]:
    """The same domain's catalogs of the locale's ancestors that exist, nearest first."""
    codes = ancestor_codes(catalog.locale_code)
    if not codes:
        return []
    found = {c.locale_code: c for c in db.session.scalars(select(Catalog).where(
        Catalog.domain == catalog.domain, Catalog.locale_code.in_(codes)))}
    return [found[code] for code in codes if code in found]


def descendants(catalog: Catalog) -> list[Catalog]:
    """The same domain's catalogs that inherit from this one, at any depth, nearest first."""
    parents = _parents()
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if parent:
            children.setdefault(parent, []).append(child)
    order: list[str] = []
    frontier = [catalog.locale_code]
    for _ in range(MAX_DEPTH):
        frontier = [c for code in frontier for c in sorted(children.get(code, []))
                    if c not in order and c != catalog.locale_code]
        if not frontier:
            break
        order.extend(frontier)
    if not order:
        return []
    found = {c.locale_code: c for c in db.session.scalars(select(Catalog).where(
        Catalog.domain == catalog.domain, Catalog.locale_code.in_(order)))}
    return [found[code] for code in order if code in found]


def inherited_texts(catalog: Catalog, keys: Sequence[str] | None = None
                    ) -> dict[str, list[str]]:
    """What the catalog's ancestors give it, by source key: the nearest done text.

    ``keys`` limits the lookup to those messages (a page of the editor); one query per
    ancestor.
    """
    if keys is not None and not keys:
        return {}
    found: dict[str, list[str]] = {}
    for ancestor in ancestors(catalog):
        query = select(Message.source_key, Message.translations).where(
            Message.catalog_id == ancestor.id, Message.obsolete.is_(False),
            Message.state.in_(DONE_STATES))
        if keys is not None:
            query = query.where(Message.source_key.in_([k for k in keys if k not in found]))
        for key, forms in db.session.execute(query):
            found.setdefault(key, list(forms))
    return found


def inherited_message(message: Message, catalog: Catalog) -> Message | None:
    """The nearest ancestor's message with this source, done, else the parent's if any."""
    chain = ancestors(catalog)
    nearest = None
    for ancestor in chain:
        row = db.session.scalar(select(Message).where(
            Message.catalog_id == ancestor.id, Message.source_key == message.source_key,
            Message.obsolete.is_(False)))
        if row is None:
            continue
        nearest = nearest or row
        if row.state in DONE_STATES:
            return row
    return nearest


def inherited_count(catalog: Catalog) -> int:
    """How many of the catalog's untranslated messages an ancestor's text covers."""
    return inherited_counts([catalog]).get(catalog.id, 0)


def inherited_counts(catalogs: Sequence[Catalog]) -> dict[int, int]:
    """:func:`inherited_count` of each catalog (by id), in one statement whatever their
    number: catalogs sharing the same ancestors are counted together, each message once
    however many ancestors have it done."""
    parents = _parents()
    chains = {c.id: ancestor_codes(c.locale_code, parents) for c in catalogs}
    codes = {code for chain in chains.values() for code in chain}
    if not codes:
        return {}
    found = {(domain, code): id_ for id_, domain, code in db.session.execute(
        select(Catalog.id, Catalog.domain, Catalog.locale_code)
        .where(Catalog.locale_code.in_(codes)))}
    groups: dict[tuple[int, ...], list[int]] = {}
    for catalog in catalogs:
        chain = tuple(sorted(found[(catalog.domain, code)] for code in chains[catalog.id]
                             if (catalog.domain, code) in found))
        if chain:
            groups.setdefault(chain, []).append(catalog.id)
    if not groups:
        return {}
    parts = [
        select(Message.catalog_id, func.count().label("inherited"))
        .where(Message.catalog_id.in_(ids), Message.obsolete.is_(False),
               Message.state.not_in(DONE_STATES),
               Message.source_key.in_(_done_keys(chain)))
        .group_by(Message.catalog_id)
        for chain, ids in groups.items()
    ]
    query = parts[0] if len(parts) == 1 else union_all(*parts)
    return {id_: count for id_, count in db.session.execute(query)}


KEY_CHUNK = 2_000  # source keys per IN list (twice that many parameters per statement)


def _done_keys(catalog_ids: Sequence[int], keys: Sequence[str] | None = None
               ) -> Select[str]:
    """The source keys these catalogs have done (among ``keys``), for a query on
    another catalog's messages."""
    theirs = aliased(Message)
    query = select(theirs.source_key).where(
        theirs.catalog_id.in_(list(catalog_ids)), theirs.obsolete.is_(False),
        theirs.state.in_(DONE_STATES))
    return query if keys is None else query.where(theirs.source_key.in_(keys))


def refresh_descendants(catalog: Catalog, flipped: Mapping[str, bool] | None = None
                        ) -> None:
    """Bring the inherited counts of every variant below the catalog up to date after a
    bulk change of the catalog.

    ``flipped`` names the source keys whose text the catalog now has done (True) or no
    longer has done (False): only those messages of the variants are looked at, so the
    cost follows the change, not the variants' size. Without it (the change is not
    known), every variant is counted again from its rows.
    """
    children = descendants(catalog)
    if flipped is None:
        counts = inherited_counts(children)
        for child in children:
            child.inherited_count = counts.get(child.id, 0)
        db.session.flush()
        return
    if not children or not flipped:
        return
    deltas: Counter[int] = Counter()
    keys = list(flipped)
    for others, ids in _by_other_ancestors(catalog, children).items():
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = keys[start:start + KEY_CHUNK]
            query = select(Message.catalog_id, Message.source_key).where(
                Message.catalog_id.in_(ids), Message.source_key.in_(chunk),
                Message.obsolete.is_(False), Message.state.not_in(DONE_STATES))
            if others:  # a text from another ancestor covers the message either way
                query = query.where(Message.source_key.not_in(_done_keys(others, chunk)))
            for child_id, key in db.session.execute(query):
                deltas[child_id] += 1 if flipped[key] else -1
    by_id = {child.id: child for child in children}
    for child_id, delta in deltas.items():
        if delta:
            db.session.execute(
                update(Catalog).where(Catalog.id == child_id)
                .values(inherited_count=Catalog.inherited_count + delta)
                .execution_options(synchronize_session=False))
            db.session.expire(by_id[child_id], ["inherited_count"])


def _by_other_ancestors(catalog: Catalog, children: Sequence[Catalog]
                        ) -> dict[tuple[int, ...], list[int]]:
    """The variants by the ids of their ancestors' catalogs other than ``catalog``:
    those ancestors' done texts cover a variant's messages whatever ``catalog`` has."""
    parents = _parents()
    chains = {c.id: [code for code in ancestor_codes(c.locale_code, parents)
                     if code != catalog.locale_code] for c in children}
    codes = {code for chain in chains.values() for code in chain}
    found: dict[str, int] = {code: id_ for code, id_ in db.session.execute(
        select(Catalog.locale_code, Catalog.id)
        .where(Catalog.domain == catalog.domain, Catalog.locale_code.in_(codes)))
    } if codes else {}
    groups: dict[tuple[int, ...], list[int]] = {}
    for child in children:
        others = tuple(sorted(found[code] for code in chains[child.id] if code in found))
        groups.setdefault(others, []).append(child.id)
    return groups


def _state_in(catalog_id: int, key: str) -> str | None:
    return db.session.scalar(select(Message.state).where(
        Message.catalog_id == catalog_id, Message.source_key == key,
        Message.obsolete.is_(False)))


def one_message_changed(catalog: Catalog, message: Message, was_done: bool,
                        is_done: bool) -> int:
    """A message of ``catalog`` became done or not: move the inherited counts it touches.

    Returns the change of the catalog's own inherited count. Below it, a variant's count
    moves when the message is untranslated there and this catalog is now, or is no longer,
    the nearest with a text; a variant that translated it shields its own variants.
    """
    if was_done == is_done:
        return 0
    chain = ancestors(catalog)
    above = any(_state_in(a.id, message.source_key) in DONE_STATES for a in chain)
    own = (-1 if is_done else 1) if above else 0
    if above:
        return own  # the variants below keep the text from further up either way
    refresh_descendants(catalog, {message.source_key: is_done})
    return own
