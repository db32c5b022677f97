"""The character set of a catalog: how its bytes are read and how its text is written.

The charset is the one the ``Content-Type`` header declares. Reading and writing find it
with the same rule, so a file is written back in the charset it was read in. Text that
charset cannot hold is refused before it is stored (:func:`unwritable`), or the catalog
is converted to UTF-8 (:func:`convert_to_utf8`) as msgmerge does.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from backoffice.catalogs.po.model import PoFile, Problem

__all__ = ["BOM", "convert_to_utf8", "declared_charset", "decode", "encode", "is_utf8",
           "output_charset", "unwritable"]

BOM = "\ufeff"
# gettext itself stops at "charset=" when a space follows; the name after the space is
# what the writer meant, and what the bytes are in.
_CHARSET_RE = re.compile(rb"Content-Type:[^\"\n]*?charset=[ \t]*([A-Za-z0-9._:\-]+)")
_HEADER_CHARSET_RE = re.compile(r"(charset=[ \t]*)([A-Za-z0-9._:\-]+)")
UTF8_NAMES = frozenset({"utf-8", "utf8"})


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
    return declared_charset(po.header_value("Content-Type"), po.charset)


def declared_charset(content_type: str | None, read_as: str = "utf-8") -> str:
    """The charset a Content-Type header value declares; ``read_as`` (the charset the file
    was read in) when it declares none Python knows."""
    m = _HEADER_CHARSET_RE.search(content_type or "")
    charset = m.group(2) if m else read_as
    if charset.upper() == "CHARSET":
        return "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        return read_as
    return charset


def encode(po: PoFile, text: str) -> bytes:
    """``text`` (the whole file, with its BOM character if it has one) as bytes."""
    if po.bom:
        return codecs.BOM_UTF8 + text[1:].encode(output_charset(po))
    return text.encode(output_charset(po))


def is_utf8(charset: str) -> bool:
    return charset.lower().replace("_", "-") in UTF8_NAMES


def unwritable(texts: Iterable[str], charset: str) -> list[str]:
    """The characters of ``texts`` that ``charset`` cannot hold, each once, in order."""
    if is_utf8(charset):
        return []
    found: dict[str, None] = {}
    for text in texts:
        if text.isascii():
            continue
        try:
            text.encode(charset)
        except UnicodeEncodeError:
            found.update((c, None) for c in text if not _encodable(c, charset))
        except LookupError:
            return []
    return list(found)


def _encodable(char: str, charset: str) -> bool:
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def convert_to_utf8(po: PoFile) -> str | None:
    """Declare UTF-8 in the header (the text itself is already Unicode); returns the old
    charset, or None when the file was UTF-8 already. Only the Content-Type line changes."""
    old = output_charset(po)
    if is_utf8(old) and is_utf8(po.charset):
        return None
    content_type = po.header_value("Content-Type")
    if content_type is None:
        po.set_header_value("Content-Type", "text/plain; charset=UTF-8")
    elif _HEADER_CHARSET_RE.search(content_type):
        po.set_header_value("Content-Type",
                            _HEADER_CHARSET_RE.sub(r"\g<1>UTF-8", content_type, count=1))
    else:
        po.set_header_value("Content-Type", f"{content_type.rstrip(';')}; charset=UTF-8")
    po.charset = "UTF-8"
    return old
