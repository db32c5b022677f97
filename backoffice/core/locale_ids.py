"""Locale ids: the id a team uses is the id its catalog keeps and answers to.

A locale id is written as gettext writes it: ``language[_Script][_TERRITORY][@modifier]``
(``pl_PL``, ``zh_CN``, ``sr_RS@latin``, ``ca@valencia``, ``es_419``, ``crh``). It is checked
against that shape, strictly, so that it is safe in a file path, a header and a URL, and
kept exactly as given: Babel is asked to *understand* it (plural rules, names, a parent
language), never to rename it (CLDR would turn ``zh_CN`` into ``zh_Hans_CN`` and
``sr_RS@latin`` into Cyrillic). An id whose language CLDR does not know (GNOME's ``crh``,
Launchpad's ``frp``) is accepted; callers warn, and take plural rules from the catalog.

This module is the one place that reads a locale id; everything else asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from backoffice.core.errors import OperationError

MAX_LENGTH = 32
_SHAPE = re.compile(
    r"(?P<language>[a-z]{2,3})"
    r"(?:_(?P<script>[A-Z][a-z]{3}))?"
    r"(?:_(?P<territory>[A-Z]{2}|[0-9]{3}))?"
    r"(?:@(?P<modifier>[a-z]{2,12}))?"
)
# gettext's modifiers, and how CLDR says the same thing (a script or a variant).
MODIFIERS: dict[str, tuple[str | None, str | None]] = {
    "latin": ("Latn", None),
    "cyrillic": ("Cyrl", None),
    "arabic": ("Arab", None),
    "devanagari": ("Deva", None),
    "iqtelif": ("Latn", None),
    "valencia": (None, "VALENCIA"),
    "euro": (None, None),
    "saaho": (None, None),
    "shaw": ("Shaw", None),
}


@dataclass(frozen=True)
class LocaleId:
    code: str
    language: str
    script: str | None
    territory: str | None
    modifier: str | None


def parse_locale_id(value: object, field: str = "locale") -> LocaleId:
    """The id's parts, or a clear refusal naming the shape an id must have."""
    if not isinstance(value, str) or not value.strip(" "):
        raise OperationError(_("A locale is required."), field)
    text = value.strip(" ")
    match = _SHAPE.fullmatch(text) if len(text) <= MAX_LENGTH else None
    if match is None:
        shown = text[:MAX_LENGTH].encode("unicode_escape").decode("ascii")
        written = _as_gettext_writes(text)
        if written is not None:
            raise OperationError(_('"%(value)s" is not written as gettext writes it: use '
                                   '"%(code)s".', value=shown, code=written), field)
        raise OperationError(_(
            '"%(value)s" is not a locale id: write it as gettext does, language[_Script]'
            "[_TERRITORY][@modifier], such as pl_PL, zh_CN, es_419 or sr_RS@latin.",
            value=shown), field)
    modifier = match["modifier"]
    if modifier is not None and modifier not in MODIFIERS:
        raise OperationError(_(
            '"%(value)s": unknown modifier @%(modifier)s (known: %(known)s).', value=text,
            modifier=modifier, known=", ".join(sorted(MODIFIERS))), field)
    return LocaleId(text, match["language"], match["script"], match["territory"], modifier)


def _as_gettext_writes(text: str) -> str | None:
    """``fr-be`` or ``FR_be`` as gettext writes it (``fr_BE``), when that is all it lacks."""
    if len(text) > MAX_LENGTH:
        return None
    base, _sep, modifier = text.replace("-", "_").partition("@")
    parts = base.split("_")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.title() if len(part) == 4 else part.upper())
    candidate = "_".join(fixed) + (f"@{modifier.lower()}" if modifier else "")
    return candidate if _SHAPE.fullmatch(candidate) and candidate != text else None


def validate_locale_id(value: object, field: str = "locale") -> str:
    """The id exactly as given, once it has a locale id's shape."""
    return parse_locale_id(value, field).code


@lru_cache(maxsize=1024)
def _understood(code: str) -> Locale | None:
    parts = parse_locale_id(code)
    script, variant = MODIFIERS.get(parts.modifier or "", (None, None))
    # CLDR's own identifier of the same thing; Locale.parse adds the likely script.
    pieces = [parts.language, parts.script or script, parts.territory]
    identifiers = ["_".join(p for p in pieces if p)]
    if variant:
        identifiers.insert(0, f"{identifiers[0]}_{variant}")
    for identifier in [*identifiers, parts.language]:
        try:
            return Locale.parse(identifier)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def babel_locale(code: str) -> Locale | None:
    """What CLDR knows of the id (names, plural rules), or None for a language it lacks."""
    return _understood(validate_locale_id(code))


def is_known(code: str) -> bool:
    return babel_locale(code) is not None


def language_of(code: str) -> str:
    """The id's language (``sr_RS@latin`` -> ``sr``)."""
    return parse_locale_id(code).language
