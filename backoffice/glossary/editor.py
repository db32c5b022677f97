"""The glossary in the editor: the terms of a page's sources highlighted, and a warning
where a translation does not use a term (after each save too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from backoffice.glossary import operations
from backoffice.glossary.operations import Term


@dataclass
class PageGlossary:
    pool: list[Term] = field(default_factory=list)
    parts: dict[int, list[tuple[str, Term | None]]] = field(default_factory=dict)
    warnings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def _sources(message: Any) -> str:
    text: str = message.msgid + ("\n" + message.msgid_plural if message.msgid_plural else "")
    return text


def for_page(locale_code: str, messages: Sequence[Any]) -> PageGlossary:
    language = operations.language_of(locale_code)
    pool = operations.candidates(language, [_sources(m) for m in messages])
    page = PageGlossary(pool)
    if not pool:
        return page
    for m in messages:
        page.parts[m.id] = operations.segments(m.msgid, pool)
        page.warnings[m.id] = operations.findings(_sources(m), list(m.translations), pool)
    return page


def message_terms(locale_code: str, message: Any) -> list[dict[str, Any]]:
    """The terms of one message's source, for the side panel and the API."""
    language = operations.language_of(locale_code)
    pool = operations.candidates(language, [_sources(message)])
    seen: dict[int, Term] = {}
    for _s, _e, term in operations.matches(_sources(message), pool):
        seen.setdefault(term.id, term)
    return [term_json(t) for t in seen.values()]


def warnings(locale_code: str, message: Any) -> list[dict[str, Any]]:
    language = operations.language_of(locale_code)
    pool = operations.candidates(language, [_sources(message)])
    return operations.findings(_sources(message), list(message.translations), pool)


def term_json(term: Term) -> dict[str, Any]:
    return {"id": term.id, "language": term.language, "source": term.source,
            "translation": term.translation, "part_of_speech": term.part_of_speech,
            "note": term.note, "do_not_translate": term.do_not_translate}
