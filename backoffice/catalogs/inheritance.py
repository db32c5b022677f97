"""A variant's effective text: its own, else its parent's effective text, at any depth.

``es_PA`` on ``es_MX`` on ``es_ES``: a message ``es_PA`` has not translated shows
``es_MX``'s translation, or ``es_ES``'s where ``es_MX`` has none either. Coverage, gates,
the editor's parent column, the client API and ``.mo`` compile all read it here. Chains
are followed up to ``MAX_DEPTH`` and never loop (cycles are refused when a parent is set,
and a cycle that got into the data anyway ends the chain where it comes back).
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _done_keys(catalog_ids: Sequence[int]) -> Select[str]:
    theirs = aliased(Message)
    return select(theirs.source_key).where(
        theirs.catalog_id.in_(list(catalog_ids)), theirs.obsolete.is_(False),
        theirs.state.in_(DONE_STATES))


def refresh_descendants(catalog: Catalog) -> None:
    """Recount what every variant below the catalog inherits (after a bulk change)."""
    children = descendants(catalog)
    counts = inherited_counts(children)
    for child in children:
        child.inherited_count = counts.get(child.id, 0)
    db.session.flush()


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
    step = 1 if is_done else -1
    by_code = {c.locale_code: c for c in descendants(catalog)}
    parents = _parents()
    shielded: set[str] = set()
    for code, child in by_code.items():
        if any(a in shielded for a in ancestor_codes(code, parents)):
            shielded.add(code)
            continue
        state = _state_in(child.id, message.source_key)
        if state in DONE_STATES:
            shielded.add(code)
        elif state is not None:
            db.session.execute(
                update(Catalog).where(Catalog.id == child.id)
                .values(inherited_count=Catalog.inherited_count + step)
                .execution_options(synchronize_session=False))
            db.session.expire(child, ["inherited_count"])
    return own
