"""The C escapes of quoted PO strings (``\\n``, ``\\"``, ``\\x41``, ``\\101``...)."""

from __future__ import annotations

import re

__all__ = ["bad_escapes", "escape", "unescape"]

_UNESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b",
    "f": "\f", "v": "\v", "'": "'", "?": "?",
}  # fmt: skip
_ESCAPE_SEQ_RE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)", re.DOTALL)
_NEEDS_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
    "\b": "\\b", "\f": "\\f", "\v": "\\v",
}  # fmt: skip


def _unescape_one(m: re.Match[str]) -> str:
    seq = m.group(1)
    if seq in _UNESCAPES:
        return _UNESCAPES[seq]
    code = _escaped_code(seq)
    if code is not None:
        # Characters a catalog cannot hold are reported by the reader.
        return chr(code) if _storable(code) else "\ufffd"
    return seq  # unknown escapes are reported by the reader; keep the character


def _escaped_code(seq: str) -> int | None:
    if seq[0] == "x" and len(seq) > 1:
        return int(seq[1:], 16)
    if seq.isdigit():
        return int(seq, 8)
    return None


def _storable(code: int) -> bool:
    """Not NUL (no database text holds it), a lone surrogate, nor past Unicode's end."""
    return 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


def unescape(text: str) -> str:
    """Decode the C escapes of a quoted PO string (without its quotes)."""
    if "\\" not in text:
        return text
    return _ESCAPE_SEQ_RE.sub(_unescape_one, text)


def bad_escapes(text: str) -> list[str]:
    """What is wrong with the escapes of ``text``, one sentence per bad sequence."""
    bad = []
    for m in _ESCAPE_SEQ_RE.finditer(text):
        seq = m.group(1)
        if seq not in _UNESCAPES and seq[0] not in "x01234567" or seq == "x":
            bad.append(f"unknown escape sequence \\{seq}")
        elif seq not in _UNESCAPES and not _storable(_escaped_code(seq) or 0):
            bad.append(f"escape sequence \\{seq} is not a character a catalog can hold")
    return bad


def escape(text: str) -> str:
    """Encode ``text`` for the inside of a quoted PO string."""
    if _NEEDS_ESCAPE_RE.search(text) is None:
        return text
    return _NEEDS_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)
