"""What a catalog can store: translations under the length limit, in characters its file's
charset can write.

Every path that stores a translation (the editor, the admin API, an import) asks here
first, so that nothing is accepted that an export could not write back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _

from backoffice.catalogs.models import Catalog
from backoffice.catalogs.po import charsets
from backoffice.catalogs.po.model import PoEntry, header_fields
from backoffice.core.errors import OperationError

__all__ = ["MAX_TRANSLATION_LENGTH", "TranslationRefused", "catalog_charset", "check_forms",
           "entry_problem", "file_problems"]

# The longest text one form of a translation may hold. A real interface string is a few
# hundred characters at most; the limit keeps a hostile save or import from costing the
# checks, the database and every export what a book would.
MAX_TRANSLATION_LENGTH = 10_000


class TranslationRefused(OperationError):
    """A translation the catalog cannot store as it is: the person keeps the text."""

    status_code = 422


def catalog_charset(catalog: Catalog) -> str:
    """The charset the catalog's file is written in (what its Content-Type declares)."""
    style: dict[str, Any] = catalog.style or {}
    header = style.get("header") or {}
    content_type = next(
        (value for name, value in header_fields(header.get("msgstr") or "")
         if name.lower() == "content-type"), None,
    )  # fmt: skip
    return charsets.declared_charset(content_type, style.get("charset") or "utf-8")


def _too_long(form: str) -> str | None:
    if len(form) <= MAX_TRANSLATION_LENGTH:
        return None
    return _("a translation takes at most %(limit)s characters; this one has %(count)s",
             limit=f"{MAX_TRANSLATION_LENGTH:,}", count=f"{len(form):,}")


def _unwritable(forms: Iterable[str], charset: str) -> str | None:
    chars = charsets.unwritable(forms, charset)
    if not chars:
        return None
    shown = " ".join(f"“{c}”" for c in chars[:5]) + (" …" if len(chars) > 5 else "")
    return _("the catalog is written in %(charset)s, which cannot hold %(chars)s: remove "
             "them, or convert the catalog to UTF-8 first", charset=charset, chars=shown)


def check_forms(forms: Sequence[str], charset: str) -> None:
    """Refuse (422) text the catalog could not store or write back."""
    for form in forms:
        problem = _too_long(form)
        if problem:
            raise TranslationRefused(_("Not saved: %(problem)s.", problem=problem),
                                     "translations")
    problem = _unwritable(forms, charset)
    if problem:
        raise TranslationRefused(_("Not saved: %(problem)s.", problem=problem), "translations")


def file_problems(entries: Iterable[PoEntry], charset: str) -> list[tuple[int, str]]:
    """(line, problem) for each entry of an imported file the catalog could not store."""
    problems = []
    for entry in entries:
        problem = entry_problem(entry, charset)
        if problem:
            problems.append((entry.line, problem))
    return problems


def entry_problem(entry: PoEntry, charset: str) -> str | None:
    """Why the catalog could not store this entry of an imported file, or None."""
    forms = entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)
    if max(map(len, forms), default=0) > MAX_TRANSLATION_LENGTH:
        return next(filter(None, map(_too_long, forms)))
    if not charsets.is_utf8(charset):
        return _unwritable(forms, charset)
    return None
