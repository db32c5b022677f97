"""Quality checks on translations, usable on catalog entries or on plain form input.

Plural messages: each msgstr[n] is compared with msgid_plural, except the form used for
n=1 (msgstr[0] without a plural rule), which is compared with msgid. A form whose numbers
include 1, or that covers a single number (Arabic "zero" and "two"), may leave out a
number placeholder (``%d``, ``%(num)d``, ``{num}``, ``{count}``...): "one day" needs no digit.
The form used for 1 alone (English or Polish "one", not Russian's 1, 21, 31...) may leave
out any placeholder with only a warning: "Ein Ergebnis" for ``${count} results``, which
msgfmt -c accepts too.

Every check is linear in the length of its texts: they run on what anybody may type.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from backoffice.catalogs.placeholders import (
    BRACE_OBVIOUS_RE,
    PRINTF_OBVIOUS_RE,
    brace_placeholders,
    c_printf_placeholders,
    is_number_placeholder,
    printf_placeholders,
)
from backoffice.catalogs.plurals import SAMPLE_RANGE, PluralRule

__all__ = ["Finding", "run_checks", "CHECK_IDS"]

Severity = Literal["error", "warning"]
CHECK_IDS = (
    "python-format", "python-brace-format", "c-format", "html", "whitespace", "punctuation",
    "newlines", "plural-empty", "plural-count", "max-length",
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str
    form: int | None = None  # plural form index the finding is about

    def __str__(self) -> str:
        where = f" (form {self.form})" if self.form is not None else ""
        return f"{self.severity}: {self.message}{where}"


class EntryLike(Protocol):
    msgid: str
    msgid_plural: str | None
    msgstr: str
    msgstr_plural: list[str]
    flags: list[str]


# Every pattern here runs on text from outside, and is linear in it (see placeholders).
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)\b[^<>]*?(/?)>")

# Sentence-final punctuation grouped by meaning, so that "." and "。" or "?" and "؟" agree.
_PUNCT_CLASSES = {
    ".": "stop", "。": "stop", "।": "stop", "॥": "stop", "۔": "stop", "．": "stop",
    "።": "stop", "჻": "stop", "๚": "stop", "။": "stop", "?": "question", "？": "question",
    "؟": "question", ";": "question", "՞": "question", "፧": "question", "!": "exclamation",
    "！": "exclamation", "՜": "exclamation", ":": "colon", "：": "colon", "፥": "colon",
    "…": "ellipsis",
}  # fmt: skip


_CLOSERS = "\"'»”’)]」』）"  # the end punctuation may sit before these


def _end_class(text: str) -> str | None:
    text = text.rstrip()
    if text.endswith("...") or text.endswith("…"):
        return "ellipsis"
    # Closing quotes or brackets may follow the punctuation in either language.
    text = text.rstrip(_CLOSERS)
    return _PUNCT_CLASSES.get(text[-1:]) if text else None


def _describe(tokens: Iterable[str]) -> str:
    return ", ".join(sorted(set(tokens)))


def _compare_placeholders(
    check: str, source: list[str], target: list[str], may_drop_numbers: bool, form: int | None,
    missing_severity: Severity = "error",
) -> list[Finding]:
    if sorted(source) == sorted(target):
        return []  # the usual case, without building counters
    missing = Counter(source) - Counter(target)
    extra = Counter(target) - Counter(source)
    if may_drop_numbers:
        missing = Counter({k: v for k, v in missing.items() if not is_number_placeholder(k)})
    findings = []
    if missing:
        findings.append(
            Finding(check, missing_severity, f"placeholder {_describe(missing)} of the source "
                    "is missing in the translation", form)
        )  # fmt: skip
    if extra:
        findings.append(
            Finding(check, "error", f"placeholder {_describe(extra)} is not in the source; "
                    "the page would fail to display", form)
        )  # fmt: skip
    return findings


def _compare_tags(source: str, translation: str, form: int | None) -> list[Finding]:
    if "<" not in source and "<" not in translation:
        return []  # most messages: no markup on either side
    s_tags = Counter((m.group(1), m.group(2).lower()) for m in _TAG_RE.finditer(source))
    t_tags = Counter((m.group(1), m.group(2).lower()) for m in _TAG_RE.finditer(translation))
    if s_tags == t_tags:
        return []

    def show(tags: Counter[tuple[str, str]]) -> str:
        return ", ".join(f"<{c}{name}>" for c, name in sorted(tags.elements()))

    detail = []
    if s_tags - t_tags:
        detail.append(f"missing {show(s_tags - t_tags)}")
    if t_tags - s_tags:
        detail.append(f"extra {show(t_tags - s_tags)}")
    return [
        Finding("html", "error", "HTML tags differ from the source: " + "; ".join(detail),
                form)
    ]  # fmt: skip


def _compare_line_breaks(source: str, translation: str, form: int | None) -> list[Finding]:
    if source.startswith("\n") != translation.startswith("\n") or source.endswith(
        "\n"
    ) != translation.endswith("\n"):
        return [
            Finding("newlines", "error", "the source and the translation must both start and "
                    "end with a line break, or neither", form)
        ]  # fmt: skip
    s_nl, t_nl = source.count("\n"), translation.count("\n")
    if s_nl != t_nl:
        return [
            Finding("newlines", "warning", f"the source has {s_nl} line breaks, the "
                    f"translation {t_nl}", form)
        ]  # fmt: skip
    return []


def _compare_end_punctuation(source: str, translation: str, form: int | None) -> list[Finding]:
    s_end, t_end = _end_class(source), _end_class(translation)
    if s_end == t_end:
        return []
    if s_end is None:
        message = "the translation ends with punctuation the source does not have"
    elif t_end is None:
        message = f"the source ends with {s_end} punctuation but the translation does not"
    else:
        message = f"the source ends with {s_end} punctuation, the translation with {t_end}"
    return [Finding("punctuation", "warning", message, form)]


def _check_placeholders(
    source: str, translation: str, flags: Sequence[str], form: int | None,
    may_drop_numbers: bool, missing: Severity,
) -> list[Finding]:
    findings: list[Finding] = []
    if "c-format" in flags:
        s_tokens, _numbered = c_printf_placeholders(source)
        t_tokens, t_numbered = c_printf_placeholders(translation)
        findings += _compare_placeholders(
            "c-format", s_tokens, t_tokens, may_drop_numbers, form, missing
        )
        if not findings and not t_numbered and t_tokens != s_tokens:
            findings.append(
                Finding("c-format", "error", "placeholders (%s, %d) must keep the order of "
                        "the source; number them like %2$s to reorder", form)
            )  # fmt: skip
    elif "python-format" in flags or (
        "%" in source and "no-python-format" not in flags and PRINTF_OBVIOUS_RE.search(source)
    ):
        s_named, s_pos = printf_placeholders(source)
        t_named, t_pos = printf_placeholders(translation)
        findings += _compare_placeholders(
            "python-format", s_named + s_pos, t_named + t_pos, may_drop_numbers, form, missing,
        )  # fmt: skip
        if not findings and s_pos and t_pos != s_pos and sorted(s_pos) == sorted(t_pos):
            findings.append(
                Finding("python-format", "error", "unnamed placeholders (%s, %d) must keep "
                        "the order of the source; use named ones like %(name)s to reorder", form)
            )  # fmt: skip
        if t_named and t_pos:
            findings.append(
                Finding("python-format", "error", "named and unnamed placeholders cannot be "
                        "mixed", form)
            )  # fmt: skip
    if "python-brace-format" in flags or (
        "{" in source and "no-python-brace-format" not in flags
        and BRACE_OBVIOUS_RE.search(source)
    ):
        findings += _compare_placeholders(
            "python-brace-format", brace_placeholders(source), brace_placeholders(translation),
            may_drop_numbers, form, missing,
        )
    return findings


def _check_pair(
    source: str,
    translation: str,
    flags: Sequence[str],
    form: int | None,
    may_drop_numbers: bool,
    max_length: int | None,
    missing: Severity = "error",
) -> list[Finding]:
    # Each check first looks for the one character it is about, so the common message
    # (plain words, no placeholder, markup or line break) costs a few string tests: an
    # import runs these on every message.
    findings = _check_placeholders(source, translation, flags, form, may_drop_numbers, missing)
    findings += _compare_tags(source, translation, form)
    if "\n" in source or "\n" in translation:
        findings += _compare_line_breaks(source, translation, form)
    # Leading or trailing spaces, inside any line breaks at either end.
    s_body, t_body = source.strip("\n"), translation.strip("\n")
    if s_body[:1].isspace() != t_body[:1].isspace():
        findings.append(
            Finding("whitespace", "warning", "leading spaces differ from the source", form)
        )
    if s_body[-1:].isspace() != t_body[-1:].isspace():
        findings.append(
            Finding("whitespace", "warning", "trailing spaces differ from the source", form)
        )
    # Two texts ending with the same character end alike, unless it is a space or a
    # closing quote or bracket (the punctuation may sit before it), or a stop that may
    # close an ellipsis on one side only.
    last = source[-1:]
    if last != translation[-1:] or last in _CLOSERS or last.isspace() or (
        last == "." and source.endswith("...") != translation.endswith("...")
    ):
        findings += _compare_end_punctuation(source, translation, form)
    if max_length is not None and len(translation) > max_length:
        findings.append(
            Finding("max-length", "error", f"the translation has {len(translation)} "
                    f"characters; at most {max_length} fit", form)
        )  # fmt: skip
    return findings


def _flag_max_length(flags: Sequence[str]) -> int | None:
    for flag in flags:
        name, _, value = flag.partition(":")
        if name.strip() == "max-length" and value.strip().isdigit():
            return int(value)
    return None


@functools.lru_cache(maxsize=64)  # called per plural message with few distinct rules
def _forms_with_one(rule: PluralRule | None, count: int) -> tuple[frozenset[int], int | None]:
    """Forms that may drop a number placeholder (the one used for n=1, single-number
    forms), and the n=1 form when it is used for 1 alone (English or Polish "one", not
    Russian's 1, 21, 31... nor French's 0 and 1)."""
    if rule is None:
        return frozenset({0} if count > 1 else range(count)), None
    numbers: dict[int, list[int]] = {}
    for n in SAMPLE_RANGE:
        numbers.setdefault(rule.index(n), []).append(n)
    one = rule.index(1)
    return (
        frozenset(i for i, ns in numbers.items() if 1 in ns or len(ns) == 1),
        one if numbers[one] == [1] else None,
    )


def run_checks(
    entry: EntryLike | str,
    nplurals: int | None = None,
    *,
    translation: str | Sequence[str] | None = None,
    source_plural: str | None = None,
    flags: Sequence[str] = (),
    plural_rule: PluralRule | None = None,
    max_length: int | None = None,
) -> list[Finding]:
    """Check a translation against its source.

    ``entry`` is a catalog entry (msgid, msgid_plural, msgstr, msgstr_plural, flags) or the
    source text itself; with plain text, pass ``translation`` (a string, or the list of
    plural forms together with ``source_plural``) and optionally ``flags``. Untranslated
    (empty) text yields no findings. ``max_length`` adds to any ``max-length:N`` flag.
    """
    if isinstance(entry, str):
        source, plural = entry, source_plural
        if translation is None:
            forms: list[str] = []
        elif isinstance(translation, str):
            forms = [translation]
        else:
            forms = list(translation)
        all_flags = list(flags)
    else:
        source, plural = entry.msgid, entry.msgid_plural
        forms = list(entry.msgstr_plural) if plural is not None else [entry.msgstr]
        all_flags = [*entry.flags, *flags]
    if nplurals is None and plural_rule is not None:
        nplurals = plural_rule.nplurals
    limit = _flag_max_length(all_flags)
    if max_length is not None:
        limit = max_length if limit is None else min(limit, max_length)
    findings: list[Finding] = []
    if plural is None:
        if forms and forms[0]:
            findings += _check_pair(source, forms[0], all_flags, None, False, limit)
        return findings
    if not any(forms):
        return findings
    if nplurals is not None and len(forms) != nplurals:
        findings.append(
            Finding("plural-count", "error", f"{len(forms)} plural forms given, but the "
                    f"language uses {nplurals}")
        )  # fmt: skip
    empty = [i for i, text in enumerate(forms) if not text]
    for i in empty:
        findings.append(
            Finding("plural-empty", "error", "this plural form is empty while others are "
                    "translated", i)
        )  # fmt: skip
    singular, only_one = _forms_with_one(plural_rule, len(forms))
    one_form = plural_rule.index(1) if plural_rule is not None else 0
    for i, text in enumerate(forms):
        if not text:
            continue
        # The n=1 form is compared with the singular source when the language has several
        # forms; placeholders are always matched against msgid_plural, which lists them all.
        # The form used for 1 alone often writes "one" without the count ("Ein Ergebnis"
        # for "${count} results"), as msgfmt -c allows: a missing placeholder there is
        # a warning.
        missing: Severity = "warning" if i == only_one else "error"
        findings += _check_pair(plural, text, all_flags, i, i in singular, limit, missing)
        if i == one_form and len(forms) > 1:
            findings = [
                f
                for f in findings
                if not (f.form == i and f.check in ("punctuation", "whitespace", "newlines"))
            ] + [
                f
                for f in _check_pair(source, text, all_flags, i, True, limit)
                if f.check in ("punctuation", "whitespace", "newlines")
            ]
    return findings
