"""Rules a whole file must follow, checked once every entry is read.

What GNU ``msgfmt -c`` refuses is a problem; what it accepts is kept, with a warning when
the file will not work as its writer may think (an obsolete entry that repeats an active
one is left out of compiled catalogs).
"""

from __future__ import annotations

from backoffice.catalogs.plurals import PluralFormsError, PluralRule
from backoffice.catalogs.po.model import PoEntry, PoFile, Problem

__all__ = ["validate"]


def validate(po: PoFile, entries: list[PoEntry], problems: list[Problem]) -> None:
    _duplicates(po, entries, problems)
    rule = _plural_rule(po, problems)
    if rule is not None:
        for entry in entries:
            if len(entry.msgstr_plural) > rule.nplurals:
                _plural_forms(entry, rule, problems)


def _duplicates(po: PoFile, entries: list[PoEntry], problems: list[Problem]) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            where = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            problems.append(
                Problem(entry.line, f"duplicate message{where}: the same msgid is already "
                        f"defined on line {seen[key]}")
            )  # fmt: skip
        else:
            seen[key] = entry.line
    for entry in entries:
        if entry.obsolete and entry.key in seen:
            po.warnings.append(
                Problem(entry.line, f"this obsolete (#~) message repeats the message of line "
                        f"{seen[entry.key]}: it is kept in the file and left out of compiled "
                        "catalogs")
            )  # fmt: skip


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
