"""Update a translated catalog from a new template, the way ``msgmerge`` does.

Messages are matched by key first (a dict lookup). Only template messages left over are
compared by similarity: first with the "removed" messages (those the template dropped,
and old obsolete ones), then, if none is close enough, with every translated message
through a word index; candidates pass cheap length and character-count gates before
``SequenceMatcher.ratio()``. The cost is linear in the catalog size plus a term in the
number of changed messages only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from backoffice.catalogs.po.model import PoEntry, PoFile

__all__ = ["UpdateResult", "update_from_template", "similarity"]

FUZZY_THRESHOLD = 0.6  # same cut-off as msgmerge
_TOP_CANDIDATES = 30
_RARE_TOKENS = 6
_WORD_RE = re.compile(r"\w+")


@dataclass
class UpdateResult:
    po: PoFile
    added: list[PoEntry] = field(default_factory=list)  # new, untranslated
    fuzzy_matched: list[PoEntry] = field(default_factory=list)  # new, draft from a similar one
    obsoleted: list[PoEntry] = field(default_factory=list)  # dropped by the template
    revived: list[PoEntry] = field(default_factory=list)  # obsolete entries back in use
    unchanged: int = 0  # kept their translation (possibly with new comments or locations)
    dropped: int = 0  # untranslated messages the template removed (not worth keeping)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "fuzzy_matched": len(self.fuzzy_matched),
            "obsoleted": len(self.obsoleted),
            "revived": len(self.revived),
            "unchanged": self.unchanged,
            "dropped": self.dropped,
        }


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _has_translation(entry: PoEntry) -> bool:
    return any(entry.translations)


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


class _Matcher:
    """Finds the most similar translated msgid among a pool of candidates."""

    def __init__(self, pool: list[PoEntry], threshold: float, scan_all_below: int = 40) -> None:
        self.pool = pool
        self.threshold = threshold
        self.scan_all = len(pool) <= scan_all_below
        self.index: dict[str, list[int]] = {}
        if not self.scan_all:
            for i, entry in enumerate(pool):
                for token in _tokens(entry.msgid):
                    self.index.setdefault(token, []).append(i)
        # Words in many messages ("the") say little and cost a lot to scan.
        self.common = max(50, len(pool) // 20)

    def _candidates(self, msgid: str) -> Iterable[int]:
        if self.scan_all:
            return range(len(self.pool))
        postings = sorted((self.index[t] for t in _tokens(msgid) if t in self.index), key=len)
        rare = [p for p in postings if len(p) <= self.common][:_RARE_TOKENS]
        if not rare:
            rare = postings[:1]
        votes: Counter[int] = Counter()
        for posting in rare:
            votes.update(posting)
        return [i for i, _ in votes.most_common(_TOP_CANDIDATES)]

    def best(self, msgid: str) -> PoEntry | None:
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)  # seq2 is the side SequenceMatcher preprocesses
        best_score = self.threshold
        best: PoEntry | None = None
        for i in self._candidates(msgid):
            candidate = self.pool[i]
            matcher.set_seq1(candidate.msgid)
            if matcher.real_quick_ratio() >= best_score and matcher.quick_ratio() >= best_score:
                score = matcher.ratio()
                if score > best_score or (score == best_score and best is None):
                    best_score, best = score, candidate
        return best


def _forms(source: PoEntry, plural: bool, nplurals: int) -> tuple[str, list[str]]:
    """Carry a translation over to a message that may differ in having a plural."""
    if plural:
        if source.msgid_plural is not None:
            forms = list(source.msgstr_plural)[:nplurals]
            return "", forms + [""] * (nplurals - len(forms))
        return "", [source.msgstr] * nplurals
    if source.msgid_plural is not None:
        return (source.msgstr_plural[0] if source.msgstr_plural else ""), []
    return source.msgstr, []


def _template_flags(template: PoEntry, fuzzy: bool) -> list[str]:
    flags = [f for f in template.flags if f != "fuzzy"]
    return ["fuzzy", *flags] if fuzzy else flags


def _merge_exact(old: PoEntry, template: PoEntry, nplurals: int) -> PoEntry:
    """``old`` laid out on its template entry: the very object when nothing changes (most
    entries of an update, which keep their original text), else a copy."""
    plural_changed = old.msgid_plural != template.msgid_plural
    fuzzy = old.fuzzy or plural_changed
    changes: dict[str, Any] = {
        "flags": _template_flags(template, fuzzy),
        "extracted_comments": template.extracted_comments,
        "locations": template.locations,
        "obsolete": False,
    }
    if plural_changed:
        changes["msgstr"], changes["msgstr_plural"] = _forms(
            old, template.msgid_plural is not None, nplurals
        )
        changes["msgid_plural"] = template.msgid_plural
        if old.msgid_plural is not None and template.msgid_plural is not None:
            changes["previous_msgid_plural"] = old.msgid_plural
    if not fuzzy:
        changes.update(previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
    if all(_same(getattr(old, name), value) for name, value in changes.items()):
        return old
    # The copy shares no list with the template either.
    return old.copy(**{name: list(value) if isinstance(value, list) else value
                       for name, value in changes.items()})


def _same(current: Any, new: Any) -> bool:
    # A list field may hold a tuple: compare the items.
    return current == new or (isinstance(new, list) and list(current) == new)


def _new_entry(template: PoEntry, nplurals: int) -> PoEntry:
    return PoEntry(
        msgid=template.msgid,
        msgid_plural=template.msgid_plural,
        msgctxt=template.msgctxt,
        msgstr="",
        msgstr_plural=[""] * nplurals if template.msgid_plural is not None else [],
        flags=_template_flags(template, False),
        extracted_comments=list(template.extracted_comments),
        locations=list(template.locations),
    )


def update_from_template(
    po: PoFile, pot: PoFile, *, threshold: float = FUZZY_THRESHOLD, fuzzy_matching: bool = True,
    nplurals: int | None = None,
) -> UpdateResult:
    """A new catalog: ``po``'s translations laid out on ``pot``'s messages.

    Messages of the template keep their translation; new ones arrive untranslated, or as a
    fuzzy draft (with ``#|`` previous msgid) copied from the closest removed message; the
    translated messages the template dropped become obsolete (``#~``). Entry order follows
    the template, then obsolete entries in their old order. ``po`` is not modified.
    ``nplurals`` is the catalog's number of plural forms (default: the file's, else 2).
    """
    nplurals = nplurals or po.nplurals or 2
    active: dict[tuple[str | None, str], PoEntry] = {}
    obsolete: dict[tuple[str | None, str], PoEntry] = {}
    for entry in po.entries:
        (obsolete if entry.obsolete else active).setdefault(entry.key, entry)

    result = UpdateResult(po=PoFile())
    used: set[int] = set()  # ids of old entries that found a place in the new catalog
    merged: list[PoEntry | None] = []
    pending: list[tuple[int, PoEntry]] = []
    for template in pot.entries:
        if template.obsolete:
            continue
        old = active.get(template.key)
        if old is not None:
            result.unchanged += 1
        else:
            old = obsolete.get(template.key)
            if old is not None:
                result.revived.append(old)
        if old is not None:
            used.add(id(old))
            merged.append(_merge_exact(old, template, nplurals))
        else:
            pending.append((len(merged), template))
            merged.append(None)

    if pending and fuzzy_matching:
        removed = [e for e in po.entries if id(e) not in used and _has_translation(e) and e.msgid]
        everyone: _Matcher | None = None
        near_removed = _Matcher(removed, threshold)
        for position, template in pending:
            source = near_removed.best(template.msgid)
            if source is None:
                if everyone is None:
                    pool = [e for e in po.entries if _has_translation(e) and e.msgid]
                    everyone = _Matcher(pool, threshold)
                source = everyone.best(template.msgid)
            if source is None:
                continue
            used.add(id(source))
            entry = _new_entry(template, nplurals)
            entry.msgstr, entry.msgstr_plural = _forms(
                source, template.msgid_plural is not None, nplurals
            )
            entry.flags = _template_flags(template, True)
            entry.translator_comments = list(source.translator_comments)
            entry.previous_msgctxt = source.msgctxt
            entry.previous_msgid = source.msgid
            entry.previous_msgid_plural = source.msgid_plural
            merged[position] = entry
            result.fuzzy_matched.append(entry)

    for position, template in pending:
        if merged[position] is None:
            entry = _new_entry(template, nplurals)
            merged[position] = entry
            result.added.append(entry)

    entries: list[PoEntry] = [e for e in merged if e is not None]
    for old in po.entries:
        if id(old) in used:
            continue
        if old.obsolete:
            entries.append(old)
        elif _has_translation(old):
            gone = old.copy(obsolete=True, locations=[], extracted_comments=[])
            entries.append(gone)
            result.obsoleted.append(gone)
        else:
            result.dropped += 1

    header = po.header
    created = pot.header_value("POT-Creation-Date")
    new = PoFile(
        entries=entries,
        header=header.copy() if header is not None else None,
        header_position=0,
        trailing=po.trailing,
        newline=po.newline,
        wrap_width=po.wrap_width,
        charset=po.charset,
        bom=po.bom,
        wrap_widths=dict(po.wrap_widths),
    )
    if created is not None and po.header_value("POT-Creation-Date") not in (None, created):
        new.set_header_value("POT-Creation-Date", created)
    result.po = new
    return result
