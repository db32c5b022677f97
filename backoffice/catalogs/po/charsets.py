"""The character set of a catalog: how its bytes are read and how its text is written.

The charset is the one the ``Content-Type`` header declares. Reading and writing find it
with the same rule, so a file is written back in the charset it was read in.
"""

from __future__ import annotations

import codecs
import re

from backoffice.catalogs.po.model import PoFile, Problem

__all__ = ["BOM", "decode", "encode", "output_charset"]

BOM = "\ufeff"
_CHARSET_RE = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z0-9._:\-]+)")
_HEADER_CHARSET_RE = re.compile(r"charset=([A-Za-z0-9._:\-]+)")


def decode(data: bytes | str, problems: list[Problem]) -> tuple[str, str, bool]:
    """The text of a file, its charset and whether it starts with a byte order mark."""
    if isinstance(data, str):
        bom = data.startswith(BOM)
        return (data[1:] if bom else data), "utf-8", bom
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    m = _CHARSET_RE.search(data)
    charset = m.group(1).decode("ascii") if m else "utf-8"
    if charset.upper() == "CHARSET":  # template placeholder
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data[: m.start()].count(b"\n") + 1 if m else 1
        problems.append(
            Problem(line, f"the Content-Type header declares charset {charset!r}, "
                    "which is not a known character set")
        )  # fmt: skip
        charset = "utf-8"
    try:
        return data.decode(charset), charset, bom
    except UnicodeDecodeError:
        pass
    for number, chunk in enumerate(data.split(b"\n"), 1):
        try:
            chunk.decode(charset)
        except UnicodeDecodeError:
            problems.append(
                Problem(number, f"this line is not valid {charset} text, although the "
                        f"Content-Type header declares charset={charset}")
            )  # fmt: skip
    return data.decode(charset, "replace"), charset, bom


def output_charset(po: PoFile) -> str:
    """The charset the file's text is written in."""
    content_type = po.header_value("Content-Type") or ""
    m = _HEADER_CHARSET_RE.search(content_type)
    charset = m.group(1) if m else po.charset
    if charset.upper() == "CHARSET":
        return "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        return po.charset
    return charset


def encode(po: PoFile, text: str) -> bytes:
    """``text`` (the whole file, with its BOM character if it has one) as bytes."""
    if po.bom:
        return codecs.BOM_UTF8 + text[1:].encode(output_charset(po))
    return text.encode(output_charset(po))
