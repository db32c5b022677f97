"""How the memory compares source texts: one normalisation, one hash, one tokeniser,
one similarity, used by the feed, the lookups and the benchmark alike."""

from __future__ import annotations

import difflib
import hashlib
import re

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TOKEN = 40
# A lookup probes the token index for at most this many of the query's words (the
# longest first): a bounded number of probes whatever the text's length.
PROBE_TOKENS = 12


def normalise(text: str) -> str:
    """Lower case, white space collapsed: "Save  changes" and "save changes" are exact."""
    return _SPACE.sub(" ", text).strip().lower()


def source_hash(text: str) -> str:
    return hashlib.sha1(normalise(text).encode("utf-8"), usedforsecurity=False).hexdigest()


def language_of(locale_code: str) -> str:
    """The language a locale's memory belongs to: ``fr`` for fr_FR, fr_BE and fr-CA."""
    return re.split(r"[_\-@.]", locale_code.strip(), maxsplit=1)[0].lower()[:16]


def tokens(text: str) -> set[str]:
    """The distinct words of a text (two letters or more) as the index holds them."""
    return {w[:MAX_TOKEN] for w in _WORD.findall(normalise(text)) if len(w) > 1}


def query_tokens(text: str, count: int = PROBE_TOKENS) -> list[str]:
    words = sorted(tokens(text), key=lambda w: (-len(w), w))
    return words[:count]


def similarity(a: str, b: str) -> float:
    """0..1, how close two source texts are (1.0: the same once normalised)."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
        return 0.0
    return matcher.ratio()


def word_similarity(a: str, b: str) -> float:
    """A cheap first pass over words (a few times faster than :func:`similarity`): the
    candidates it ranks highest are then scored character by character."""
    a_words, b_words = normalise(a).split(), normalise(b).split()
    if not a_words or not b_words:
        return 0.0
    return difflib.SequenceMatcher(None, a_words, b_words, autojunk=False).ratio()
