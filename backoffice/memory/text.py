"""How the memory compares source texts: one normalisation, one hash, one tokeniser,
one similarity, used by the feed, the lookups and the benchmark alike."""

from __future__ import annotations

import difflib
import hashlib
import re

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TOKEN = 40
# A lookup asks the token index for at most this many of the query's words (the longest,
# which are the rarest): a bounded number of index probes whatever the text's length.
QUERY_TOKENS = 8


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


def query_tokens(text: str) -> list[str]:
    words = sorted(tokens(text), key=lambda w: (-len(w), w))
    return words[:QUERY_TOKENS]


def similarity(a: str, b: str) -> float:
    """0..1, how close two source texts are (1.0: the same once normalised)."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
        return 0.0
    return matcher.ratio()
