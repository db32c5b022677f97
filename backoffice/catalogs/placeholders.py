"""The placeholders of a translation, by format: Python's ``%`` (``%(name)s``, ``%d``),
C's ``printf`` (``%2$s``, ``%ld``) and Python's ``str.format`` (``{name}``)."""

from __future__ import annotations

import re

__all__ = [
    "BRACE_OBVIOUS_RE",
    "PRINTF_OBVIOUS_RE",
    "brace_placeholders",
    "c_printf_placeholders",
    "is_number_placeholder",
    "printf_placeholders",
]

# Every pattern here runs on text from outside: each is linear in its input. A run that
# may not match is possessive (``*+``) or stops at the character that would start the next
# match (a key stops at "(", a field at "{"), so no position is scanned twice.
#
# printf-style: %(name)s, %-5.2f, %%; the strict form decides whether an unflagged source
# "obviously" uses them (so "100% sure" is not read as a "% s" conversion).
_PRINTF_RE = re.compile(
    r"%(?:\((?P<key>[^()]*+)\))?"
    r"(?P<spec>[#0\- +]*+(?:\*|\d++)?(?:\.(?:\*|\d++))?[hlL]?)"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)
PRINTF_OBVIOUS_RE = re.compile(r"%\([A-Za-z_]\w*+\)[-#0 +.\d]*+[sdifrxXeEgGcuo]|%[sd]\b")
# C's printf adds argument numbers (%2$s) and more length modifiers (%lld, %zu).
_C_PRINTF_RE = re.compile(
    r"%(?P<pos>\d++\$)?[#0\- +']*+(?:\*|\d++)?(?:\.(?:\*|\d++))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?(?P<conv>[diouxXeEfFgGaAcspn%])"
)
_BRACE_RE = re.compile(r"\{\{|\}\}|\{([^{}]*+)\}")
BRACE_OBVIOUS_RE = re.compile(
    r"(?<!\{)\{(?:[A-Za-z_]\w*+(?:\.\w++|\[\w++\])*+|\d*+)(?:![rsa])?(?::[^{}]*+)?\}"
)
_NUMBER_NAMES = {"n", "num", "number", "count", "total", "quantity", "amount", "days", "hours"}


def printf_placeholders(text: str) -> tuple[list[str], list[str]]:
    """The named (``%(name)s``) and unnamed (``%s``) placeholders of ``text``, in order."""
    named: list[str] = []
    positional: list[str] = []
    if "%" not in text:
        return named, positional
    for m in _PRINTF_RE.finditer(text):
        key, conv = m.group("key", "conv")
        if conv == "%":
            continue
        if key is not None:
            named.append(f"%({key}){conv}")
        else:
            positional.append(f"%{conv}")
    return named, positional


def c_printf_placeholders(text: str) -> tuple[list[str], bool]:
    """The C ``printf`` directives of ``text`` (``%s``, ``%ld`` read as ``%d``...), in order,
    and whether they are numbered (``%2$s``), which lets a translation reorder them."""
    tokens: list[str] = []
    numbered = False
    if "%" not in text:
        return tokens, numbered
    for m in _C_PRINTF_RE.finditer(text):
        conv = m.group("conv")
        if conv == "%":
            continue
        numbered = numbered or m.group("pos") is not None
        tokens.append("%d" if conv == "i" else f"%{conv}")
    return tokens, numbered


_FIELD_NAME_END = re.compile(r"[!:]")


def brace_placeholders(text: str) -> list[str]:
    """The ``{field}`` placeholders of ``text`` (conversion and format spec left out)."""
    fields: list[str] = []
    if "{" not in text:
        return fields
    for m in _BRACE_RE.finditer(text):
        inner = m.group(1)
        if inner is None:
            continue
        end = _FIELD_NAME_END.search(inner)
        fields.append("{" + (inner if end is None else inner[: end.start()]) + "}")
    return fields


def is_number_placeholder(token: str) -> bool:
    if token.startswith("%"):
        return token[-1] in "diu"
    name = token[1:-1]
    return name.isdigit() or name.lower() in _NUMBER_NAMES
