"""Finding translations in the memory: exact and fuzzy matches for one source text, and
concordance search. Every lookup goes through an index and reads a bounded number of rows.

Exact: (language, hash of the normalised source). Fuzzy: the index of words gives the
units sharing the most of the query's longest words (at most ``CANDIDATES``), and only
those are scored with :func:`text.similarity`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from backoffice.core.db import db
from backoffice.memory import text
from backoffice.memory.models import MemoryToken, MemoryUnit

CANDIDATES = 60
PROBE_CAP = 2000
RARE_WORDS = 5
RESCORED = 10
MIN_SCORE = 0.6
EXACT_LIMIT = 20


@dataclass
class Match:
    id: int
    source: str
    target: str
    translations: list[str]
    score: float
    exact: bool
    language: str
    locale: str
    domain: str
    origin: str
    origin_name: str
    message_id: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "source": self.source, "target": self.target,
            "translations": self.translations, "score": round(self.score, 3),
            "exact": self.exact, "language": self.language, "locale": self.locale,
            "domain": self.domain, "origin": self.origin, "origin_name": self.origin_name,
        }


def _match(unit: MemoryUnit, score: float, exact: bool) -> Match:
    return Match(unit.id, unit.source, unit.target, list(unit.translations), score, exact,
                 unit.language, unit.locale_code, unit.domain, unit.origin, unit.origin_name,
                 unit.message_id)


def exact_units(language: str, source: str, *, limit: int = EXACT_LIMIT) -> list[MemoryUnit]:
    return list(db.session.scalars(
        select(MemoryUnit).where(MemoryUnit.language == language,
                                 MemoryUnit.source_hash == text.source_hash(source))
        .order_by(MemoryUnit.updated_at.desc()).limit(limit)))


def _postings(language: str, token: str) -> int:
    """How many units hold ``token``, counted up to ``PROBE_CAP`` (an index-only probe)."""
    sample = (select(MemoryToken.unit_id)
              .where(MemoryToken.language == language, MemoryToken.token == token)
              .limit(PROBE_CAP).subquery())
    return db.session.scalar(select(func.count()).select_from(sample)) or 0


def fuzzy_candidates(language: str, source: str, *, limit: int = CANDIDATES) -> list[int]:
    """Ids of the units sharing the most of the query's rarest words (the index only).

    Each word's postings are counted up to ``PROBE_CAP``; the rarest few words are
    grouped, so a word that every text holds ("the", "your") never makes a lookup read
    the whole language, and every step reads a bounded number of index entries.
    """
    counted = [(n, w) for w in text.query_tokens(source, count=text.PROBE_TOKENS)
               if (n := _postings(language, w))]
    if not counted:
        return []
    counted.sort()
    rare = [w for n, w in counted if n < PROBE_CAP][:RARE_WORDS] or [
        w for _n, w in counted[:2]]
    postings = (select(MemoryToken.unit_id)
                .where(MemoryToken.language == language, MemoryToken.token.in_(rare))
                .limit(PROBE_CAP * len(rare)).subquery())
    shared = func.count().label("shared")
    rows = db.session.execute(
        select(postings.c.unit_id, shared).group_by(postings.c.unit_id)
        .order_by(shared.desc(), postings.c.unit_id.desc()).limit(limit)).all()
    return [row[0] for row in rows]


def lookup(language: str, source: str, *, limit: int = 5, min_score: float = MIN_SCORE,
           exclude_message: int | None = None) -> list[Match]:
    """The best translations of ``source`` in a language's memory, exact ones first."""
    found: list[Match] = []
    seen: set[int] = set()
    for unit in exact_units(language, source):
        if unit.message_id is not None and unit.message_id == exclude_message:
            continue
        found.append(_match(unit, 1.0, True))
        seen.add(unit.id)
    if len(found) < limit:
        ids = [i for i in fuzzy_candidates(language, source) if i not in seen]
        if ids:
            units = [u for u in db.session.scalars(select(MemoryUnit).where(
                MemoryUnit.id.in_(ids))) if u.message_id is None or u.message_id !=
                exclude_message]
            # Words first for every candidate, characters for the best few only.
            units.sort(key=lambda u: -text.word_similarity(source, u.source))
            scored = []
            for unit in units[:RESCORED]:
                score = text.similarity(source, unit.source)
                if min_score <= score < 1.0:
                    scored.append(_match(unit, score, False))
            scored.sort(key=lambda m: (-m.score, m.id))
            found.extend(scored)
    return _distinct(found)[:limit]


def _distinct(matches: list[Match]) -> list[Match]:
    """One match per (source, translation): the same text in five variants is one line,
    shown with the first place it comes from."""
    kept: dict[tuple[str, tuple[str, ...]], Match] = {}
    for match in matches:
        kept.setdefault((text.normalise(match.source), tuple(match.translations)), match)
    return list(kept.values())


@dataclass
class Concordance:
    query: str
    field: str = "both"  # source, target, both
    locale: str = ""
    language: str = ""
    domain: str = ""


def concordance(search: Concordance, *, limit: int = 50, offset: int = 0) -> list[MemoryUnit]:
    """Units whose source or target contains the words searched, with filters."""
    needle = text.normalise(search.query)
    query = select(MemoryUnit)
    if search.language:
        query = query.where(MemoryUnit.language == text.language_of(search.language))
    if search.locale:
        query = query.where(MemoryUnit.locale_code == search.locale)
    if search.domain:
        query = query.where(MemoryUnit.domain == search.domain)
    if needle:
        pattern = f"%{_escape(needle)}%"
        source_like = func.lower(MemoryUnit.source).like(pattern, escape="\\")
        target_like = func.lower(MemoryUnit.target).like(pattern, escape="\\")
        if search.field == "source":
            query = query.where(source_like)
        elif search.field == "target":
            query = query.where(target_like)
        else:
            query = query.where(MemoryUnit.search_text.like(pattern, escape="\\"))
    query = query.order_by(MemoryUnit.language, MemoryUnit.source, MemoryUnit.id)
    return list(db.session.scalars(query.offset(offset).limit(limit)))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def stats() -> list[tuple[str, int]]:
    """Units per language."""
    return [(row[0], row[1]) for row in db.session.execute(
        select(MemoryUnit.language, func.count()).group_by(MemoryUnit.language)
        .order_by(MemoryUnit.language))]
