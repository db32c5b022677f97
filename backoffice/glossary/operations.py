"""Glossary terms per language: kept, found in a source text, and held against a
translation.

Finding terms goes through the (language, first word) index: a page of messages asks
for the terms starting with any of its words (one query), then keeps those whose whole
phrase occurs, so the cost follows the text, not the size of the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask_babel import gettext as _
from sqlalchemy import delete, select

from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.glossary.models import GlossaryTerm

MAX_TERM = 200
MAX_NOTE = 2000
PARTS_OF_SPEECH = ("", "noun", "verb", "adjective", "adverb", "proper noun", "phrase", "other")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")


def language_of(locale_code: str) -> str:
    return locale_code.split("_")[0].split("-")[0].lower()


def validate_language(language: object) -> str:
    text = language.strip().lower() if isinstance(language, str) else ""
    if not _LANGUAGE_RE.match(text):
        raise OperationError(_("A glossary language is a language code such as fr or es."),
                             "language")
    return text


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _key(source: str) -> tuple[str, str]:
    words = _words(source)
    if not words:
        raise OperationError(_("A term needs at least one word."), "source")
    return " ".join(source.lower().split()), words[0]


@dataclass
class TermData:
    source: str
    translation: str = ""
    part_of_speech: str = ""
    note: str = ""
    do_not_translate: bool = False


def _clean(data: TermData) -> TermData:
    source = " ".join((data.source or "").split())
    translation = " ".join((data.translation or "").split())
    if not source or len(source) > MAX_TERM:
        raise OperationError(_("A term holds 1 to %(count)s characters.", count=MAX_TERM),
                             "source")
    if len(translation) > MAX_TERM:
        raise OperationError(_("A translation holds at most %(count)s characters.",
                               count=MAX_TERM), "translation")
    pos = (data.part_of_speech or "").strip().lower()
    if pos not in PARTS_OF_SPEECH:
        raise OperationError(_("Unknown part of speech: %(value)s.", value=pos[:40]),
                             "part_of_speech")
    if data.do_not_translate:
        translation = source
    elif not translation:
        raise OperationError(_("Give the term's translation, or mark it not to be "
                               "translated."), "translation")
    return TermData(source, translation, pos, (data.note or "").strip()[:MAX_NOTE],
                    bool(data.do_not_translate))


def save_term(language: str, data: TermData, *, actor: Any, audited: bool = True
              ) -> GlossaryTerm:
    """Add a term, or update the language's term with the same source."""
    language = validate_language(language)
    data = _clean(data)
    key, first = _key(data.source)
    term = db.session.scalar(select(GlossaryTerm).where(
        GlossaryTerm.language == language, GlossaryTerm.source_key == key))
    before = _snapshot(term) if term is not None else None
    if term is None:
        term = GlossaryTerm(language=language, source_key=key, first_word=first,
                            created_at=utcnow())
        db.session.add(term)
    term.source, term.translation = data.source, data.translation
    term.part_of_speech, term.note = data.part_of_speech, data.note
    term.do_not_translate = data.do_not_translate
    term.author_id = getattr(actor, "id", None)
    term.updated_at = utcnow()
    db.session.flush()
    if audited:  # an import writes one audit row for the whole file
        audit.record("glossary.term_saved", "glossary_term", f"{language}/{term.id}",
                     before=before, after=_snapshot(term), actor=actor)
    return term


def _snapshot(term: GlossaryTerm) -> dict[str, Any]:
    return {"source": term.source, "translation": term.translation,
            "part_of_speech": term.part_of_speech, "note": term.note,
            "do_not_translate": term.do_not_translate}


def get_term(term_id: int) -> GlossaryTerm:
    term = db.session.get(GlossaryTerm, term_id)
    if term is None:
        raise NotFoundError(_("This term does not exist."))
    return term


def delete_term(term: GlossaryTerm, *, actor: Any) -> None:
    audit.record("glossary.term_deleted", "glossary_term", f"{term.language}/{term.id}",
                 before=_snapshot(term), actor=actor)
    db.session.execute(delete(GlossaryTerm).where(GlossaryTerm.id == term.id))
    db.session.expunge(term)


def terms(language: str) -> list[GlossaryTerm]:
    return list(db.session.scalars(select(GlossaryTerm).where(
        GlossaryTerm.language == language).order_by(GlossaryTerm.source_key)))


def languages() -> list[tuple[str, int]]:
    from sqlalchemy import func

    return [(lang, count) for lang, count in db.session.execute(
        select(GlossaryTerm.language, func.count()).group_by(GlossaryTerm.language)
        .order_by(GlossaryTerm.language))]


# --- finding terms in a text ----------------------------------------------------------------


# Plain rows, not ORM objects: a page may look at thousands of candidates.
_TERM_COLUMNS = (GlossaryTerm.id, GlossaryTerm.language, GlossaryTerm.source,
                 GlossaryTerm.translation, GlossaryTerm.part_of_speech, GlossaryTerm.note,
                 GlossaryTerm.do_not_translate)


class Term(Protocol):
    """What matching and the editor read of a term: a ``GlossaryTerm``, or a row of
    ``_TERM_COLUMNS`` (the editor's pools skip loading whole objects)."""

    @property
    def id(self) -> int: ...
    @property
    def language(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def translation(self) -> str: ...
    @property
    def part_of_speech(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def do_not_translate(self) -> bool: ...


class TermPool(list[Term]):
    """Candidate terms, indexed by their first word for matching many texts."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        super().__init__(terms)
        self._by_first: dict[str, list[tuple[tuple[str, ...], Term]]] | None = None

    def by_first(self) -> dict[str, list[tuple[tuple[str, ...], Term]]]:
        if self._by_first is None:
            self._by_first = {}
            for term in self:
                words = tuple(_words(term.source))
                if words:
                    self._by_first.setdefault(words[0], []).append((words, term))
        return self._by_first


def candidates(language: str, texts: Iterable[str]) -> TermPool:
    """The terms that may occur in these texts: one indexed query for all of them."""
    words = sorted({w for text in texts for w in _words(text)})
    pool = TermPool()
    for start in range(0, len(words), 500):
        pool.extend(db.session.execute(select(*_TERM_COLUMNS).where(
            GlossaryTerm.language == language,
            GlossaryTerm.first_word.in_(words[start:start + 500]))))
    return pool


def _pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def matches(text: str, pool: Sequence[Term]) -> list[tuple[int, int, Term]]:
    """Where the terms occur in ``text`` as whole words: (start, end, term), the longer
    term winning where two overlap. Each word of the text looks up the terms starting
    with it, so the cost follows the text, not the glossary."""
    index = (pool if isinstance(pool, TermPool) else TermPool(pool)).by_first()
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    found: list[tuple[int, int, Term]] = []
    for i, (word, start, _end) in enumerate(tokens):
        for words, term in index.get(word, ()):
            size = len(words)
            if tuple(t[0] for t in tokens[i:i + size]) == words:
                found.append((start, tokens[i + size - 1][2], term))
    spans: list[tuple[int, int, Term]] = []
    for start, end, term in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _t in spans):
            spans.append((start, end, term))
    return sorted(spans, key=lambda span: span[0])


def segments(text: str, pool: Sequence[Term]) -> list[tuple[str, Term | None]]:
    """The text cut into plain parts and glossary terms, for the editor to highlight."""
    parts: list[tuple[str, Term | None]] = []
    position = 0
    for start, end, term in matches(text, pool):
        if start > position:
            parts.append((text[position:start], None))
        parts.append((text[start:end], term))
        position = end
    if position < len(text):
        parts.append((text[position:], None))
    return parts


def findings(source: str, forms: Sequence[str], pool: Sequence[Term]
             ) -> list[dict[str, Any]]:
    """Warnings for the glossary terms of ``source`` the translation does not use."""
    text = " ".join(f for f in forms if f)
    if not text:
        return []
    result = []
    seen: set[int] = set()
    for _start, _end, term in matches(source, pool):
        if term.id in seen:
            continue
        seen.add(term.id)
        if not _pattern(term.translation).search(text):
            if term.do_not_translate:
                message = _("Glossary: “%(term)s” is not translated; keep it as it is.",
                            term=term.source)
            else:
                message = _("Glossary: “%(term)s” should be translated as “%(translation)s”.",
                            term=term.source, translation=term.translation)
            result.append({"check": "glossary", "severity": "warning", "message": message})
    return result
