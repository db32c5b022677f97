"""Rules a whole file must follow, checked once every entry is read."""

from __future__ import annotations

from backoffice.catalogs.plurals import (
    PluralFormsError,
    is_template_plural_forms,
    parse_plural_forms,
)
from backoffice.catalogs.po.model import PoEntry, PoFile, Problem

__all__ = ["validate"]


def validate(po: PoFile, entries: list[PoEntry], problems: list[Problem]) -> None:
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
    value = po.plural_forms
    if value is None or po.header is None or is_template_plural_forms(value):
        return
    try:
        rule = parse_plural_forms(value)
    except PluralFormsError as exc:
        raw = po.header.raw or ""
        offset = next((i for i, text in enumerate(raw.split("\n")) if "Plural-Forms" in text), None)
        first = po.header.line - _leading_lines(raw, "msgid") if raw else po.header.line
        line = first + offset if offset is not None else po.header.line
        problems.append(Problem(line, f"the Plural-Forms header is not valid: {exc}"))
        return
    for entry in entries:
        if len(entry.msgstr_plural) > rule.nplurals:
            problems.append(
                Problem(entry.line, f"{len(entry.msgstr_plural)} plural translations, but "
                        f"the Plural-Forms header allows only nplurals={rule.nplurals}")
            )  # fmt: skip


def _leading_lines(raw: str, keyword: str) -> int:
    """How many lines of ``raw`` come before its first line starting with ``keyword``."""
    for i, text in enumerate(raw.split("\n")):
        if text.lstrip("#~ ").startswith(keyword):
            return i
    return 0


