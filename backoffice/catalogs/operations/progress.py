"""A catalog's progress counters.

They live on the catalog and move with each change in the same transaction
(:func:`count_change`); :func:`recount` recomputes them from the rows, for bulk changes
and for checking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from sqlalchemy import func, select, update

from backoffice.catalogs import inheritance
from backoffice.catalogs.models import STATE_COUNTERS, Catalog, Message, State
from backoffice.catalogs.operations.rules import DONE_STATES, gives_text
from backoffice.core.db import db
from backoffice.memory import feed as memory_feed


def recount(catalog: Catalog) -> dict[str, int]:
    """Every counter computed from the rows (bulk changes, and checking the counters)."""
    rows = db.session.execute(
        select(Message.state, Message.failing, func.count())
        .where(Message.catalog_id == catalog.id, Message.obsolete.is_(False))
        .group_by(Message.state, Message.failing)
    ).all()
    counts = {"total": 0, "translated": 0, "reviewed": 0, "draft": 0, "failing": 0,
              "inherited": 0}
    for state, failing, number in rows:
        counts["total"] += number
        if state in counts:
            counts[state] += number
        if failing:
            counts["failing"] += number
    counts["inherited"] = inheritance.inherited_count(catalog)
    return counts


def recount_all(catalog: Catalog, flipped: Mapping[str, bool] | None = None) -> None:
    """After a bulk change: the catalog's counters from its rows, then its variants'
    (only for the ``flipped`` source keys when the change names them: see
    :func:`inheritance.refresh_descendants`)."""
    counts = recount(catalog)
    catalog.total_count = counts["total"]
    catalog.translated_count = counts["translated"]
    catalog.reviewed_count = counts["reviewed"]
    catalog.draft_count = counts["draft"]
    catalog.failing_count = counts["failing"]
    catalog.inherited_count = counts["inherited"]
    db.session.flush()
    inheritance.refresh_descendants(catalog, flipped)
    memory_feed.catalog_changed(catalog)  # published texts feed the translation memory


def flips(changed: Iterable[tuple[Message, str]]) -> dict[str, bool]:
    """The source keys whose done text came (True) or went (False), from each message a
    bulk change of texts touched and its state before: what the variants' inherited
    counts follow (:func:`recount_all`)."""
    found: dict[str, bool] = {}
    for message, state_before in changed:
        is_done = gives_text(message.state, message.obsolete)
        if gives_text(state_before, message.obsolete) != is_done:
            found[message.source_key] = is_done
    return found


def count_change(catalog: Catalog, message: Message, old_state: str, old_failing: bool) -> None:
    """Move the catalog's counters (and its variants' inherited count) for one message."""
    if message.obsolete:
        return
    deltas: Counter[str] = Counter()
    if old_state != message.state:
        if old_state in STATE_COUNTERS:
            deltas[STATE_COUNTERS[State(old_state)]] -= 1
        if message.state in STATE_COUNTERS:
            deltas[STATE_COUNTERS[State(message.state)]] += 1
    if old_failing != message.failing:
        deltas["failing_count"] += 1 if message.failing else -1
    was_done, is_done = old_state in DONE_STATES, message.state in DONE_STATES
    deltas["inherited_count"] += inheritance.one_message_changed(catalog, message, was_done,
                                                                is_done)
    values = {
        name: getattr(Catalog, name) + delta for name, delta in deltas.items() if delta
    }
    if values:
        db.session.execute(
            update(Catalog).where(Catalog.id == catalog.id).values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(catalog, list(values))
