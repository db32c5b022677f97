"""Rules a whole file must follow, checked once every entry is read.

What GNU ``msgfmt -c`` refuses is a problem; what it accepts is kept, with a warning when
the file will not work as its writer may think (an obsolete entry that repeats an active
one is left out of compiled catalogs).
"""

from __future__ import annotations

import hashlib

from backoffice.catalogs.plurals import PluralFormsError, PluralRule
from backoffice.catalogs.po.model import PoEntry, PoFile, Problem

__all__ = ["Validator"]


class Validator:
    """The file-wide rules, checked as entries are read (:meth:`add`) and when the file
    ends (:meth:`done`), so that a file read one entry at a time need not keep them.

    What it keeps: each active message's key and line (to find duplicates), the obsolete
    ones' (to warn once every active one is known), and plural entries read before the
    header says the plural rule. A key is a 128-bit digest of the context and the msgid
    (:func:`_key`), not the texts themselves: at 100,000 messages the texts would weigh
    half the file, and two different keys share a digest with odds of about 10^-29.
    """

    def __init__(self, po: PoFile, problems: list[Problem]) -> None:
        self.po = po
        self.problems = problems
        self.seen: dict[bytes, int] = {}
        self.obsolete: list[tuple[bytes, int]] = []
        self.rule: PluralRule | None = None
        self.rule_known = False
        self.before_rule: list[PoEntry] = []

    def header_read(self) -> None:
        """``po.header`` is set: the plural rule is known from now on."""
        if self.rule_known:
            return
        self.rule = _plural_rule(self.po, self.problems)
        self.rule_known = True
        for entry in self.before_rule:
            self._check_forms(entry)
        self.before_rule = []

    def add(self, entry: PoEntry) -> None:
        key = _key(entry)
        if entry.obsolete:
            self.obsolete.append((key, entry.line))
        elif key in self.seen:
            where = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            self.problems.append(
                Problem(entry.line, f"duplicate message{where}: the same msgid is already "
                        f"defined on line {self.seen[key]}")
            )  # fmt: skip
        else:
            self.seen[key] = entry.line
        if len(entry.msgstr_plural) > 1:
            if self.rule_known:
                self._check_forms(entry)
            else:
                self.before_rule.append(entry)

    def done(self) -> None:
        self.header_read()
        for key, line in self.obsolete:
            if key in self.seen:
                self.po.warnings.append(
                    Problem(line, f"this obsolete (#~) message repeats the message of line "
                            f"{self.seen[key]}: it is kept in the file and left out of "
                            "compiled catalogs")
                )  # fmt: skip

    def _check_forms(self, entry: PoEntry) -> None:
        if self.rule is not None and len(entry.msgstr_plural) > self.rule.nplurals:
            _plural_forms(entry, self.rule, self.problems)


def _key(entry: PoEntry) -> bytes:
    """The entry's context and msgid as one digest. The context's length leads, so that no
    two (context, msgid) pairs give the same text; "-" stands for no context at all."""
    context = "-" if entry.msgctxt is None else f"{len(entry.msgctxt)}:{entry.msgctxt}"
    text = f"{context}|{entry.msgid}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _plural_rule(po: PoFile, problems: list[Problem]) -> PluralRule | None:
    """The file's plural rule; None without one, or with a bad one (then a problem)."""
    try:
        return po.plural_rule()
    except PluralFormsError as exc:
        assert po.header is not None
        raw = po.header.raw or ""
        offset = next((i for i, text in enumerate(raw.split("\n")) if "Plural-Forms" in text), None)
        first = po.header.line - _leading_lines(raw, "msgid") if raw else po.header.line
        line = first + offset if offset is not None else po.header.line
        problems.append(Problem(line, f"the Plural-Forms header is not valid: {exc}"))
        return None


def _plural_forms(entry: PoEntry, rule: PluralRule, problems: list[Problem]) -> None:
    """More forms than nplurals: refused where msgfmt refuses them, on a translation it
    compiles; kept on an untranslated (empty msgstr[0]), draft or obsolete entry, whose
    extra forms the checks report."""
    forms = entry.msgstr_plural
    if len(forms) <= rule.nplurals or entry.obsolete or entry.fuzzy or not forms[0]:
        return
    problems.append(
        Problem(_form_line(entry, rule.nplurals), f"msgstr[{rule.nplurals}]: the "
                f"Plural-Forms header allows only nplurals={rule.nplurals} plural forms "
                f"(msgstr[0] to msgstr[{rule.nplurals - 1}])")
    )  # fmt: skip


def _form_line(entry: PoEntry, index: int) -> int:
    """The line of the entry's msgstr[index] keyword (its msgid line if not found)."""
    raw = entry.raw or ""
    lines = raw.split("\n")
    start = _leading_lines(raw, "msgid")
    keyword = f"msgstr[{index}]"
    for i, text in enumerate(lines):
        if text.lstrip("#~ ").startswith(keyword):
            return entry.line + i - start
    return entry.line


def _leading_lines(raw: str, keyword: str) -> int:
    """How many lines of ``raw`` come before its first line starting with ``keyword``."""
    for i, text in enumerate(raw.split("\n")):
        if text.lstrip("#~ ").startswith(keyword):
            return i
    return 0
