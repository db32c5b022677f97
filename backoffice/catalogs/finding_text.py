"""A check's finding in the reader's language.

``checks.py`` writes each finding's message in English, and the catalogs store it so: the
CLI, the admin API and ``msgfmt``-style reports keep reading it as it is. The console shows
it through this table instead: each English shape, with its variable parts, has its
wording in the console's catalog. A message of an unknown shape is shown as stored.
tests/catalogs/test_finding_text.py runs every check and fails on a message without
wording here.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from backoffice.core.i18n import lazy_gettext as _l

_PUNCTUATION = {
    "stop": _l("a full stop"), "question": _l("a question mark"),
    "exclamation": _l("an exclamation mark"), "colon": _l("a colon"),
    "ellipsis": _l("an ellipsis"),
}

# (English shape, its wording): named groups become the wording's variables.
_SHAPES: list[tuple[str, Any]] = [
    (r"placeholder (?P<what>.+) of the source is missing in the translation",
     _l("placeholder %(what)s of the source is missing in the translation")),
    (r"placeholder (?P<what>.+) is not in the source; the page would fail to display",
     _l("placeholder %(what)s is not in the source; the page would fail to display")),
    (r"HTML tags differ from the source: (?P<detail>.+)",
     _l("HTML tags differ from the source: %(detail)s")),
    (r"the source and the translation must both start and end with a line break, or neither",
     _l("the source and the translation must both start and end with a line break, "
        "or neither")),
    (r"the source has (?P<source>\d+) line breaks, the translation (?P<translation>\d+)",
     _l("the source has %(source)s line breaks, the translation %(translation)s")),
    (r"the translation ends with punctuation the source does not have",
     _l("the translation ends with punctuation the source does not have")),
    (r"the source ends with (?P<source>\w+) punctuation but the translation does not",
     _l("the source ends with %(source)s but the translation does not")),
    (r"the source ends with (?P<source>\w+) punctuation, the translation with "
     r"(?P<translation>\w+)",
     _l("the source ends with %(source)s, the translation with %(translation)s")),
    (r"placeholders \(%s, %d\) must keep the order of the source; number them like %2\$s "
     r"to reorder",
     _l("placeholders (%%s, %%d) must keep the order of the source; number them like "
        "%%2$s to reorder")),
    (r"unnamed placeholders \(%s, %d\) must keep the order of the source; use named ones "
     r"like %\(name\)s to reorder",
     _l("unnamed placeholders (%%s, %%d) must keep the order of the source; use named "
        "ones like %%(name)s to reorder")),
    (r"named and unnamed placeholders cannot be mixed",
     _l("named and unnamed placeholders cannot be mixed")),
    (r"leading spaces differ from the source", _l("leading spaces differ from the source")),
    (r"trailing spaces differ from the source", _l("trailing spaces differ from the source")),
    (r"the translation has (?P<length>\d+) characters; at most (?P<limit>\d+) fit",
     _l("the translation has %(length)s characters; at most %(limit)s fit")),
    (r"(?P<given>\d+) plural forms given, but the language uses (?P<expected>\d+)",
     _l("%(given)s plural forms given, but the language uses %(expected)s")),
    (r"this plural form is empty while others are translated",
     _l("this plural form is empty while others are translated")),
]
SHAPES = [(re.compile(rf"^{pattern}$", re.DOTALL), wording) for pattern, wording in _SHAPES]
_TAG_DETAIL = re.compile(r"^(missing|extra) (.+)$")


def _detail(text: str) -> str:
    """``missing <b>; extra <i>`` in the reader's language (the tags stay as they are)."""
    parts = []
    for part in text.split("; "):
        match = _TAG_DETAIL.match(part)
        if match is None:
            parts.append(part)
        elif match.group(1) == "missing":
            parts.append(_("missing %(tags)s", tags=match.group(2)))
        else:
            parts.append(_("extra %(tags)s", tags=match.group(2)))
    return ", ".join(parts)


def finding_text(message: str) -> str:
    for pattern, wording in SHAPES:
        match = pattern.match(message)
        if match is None:
            continue
        values = match.groupdict()
        for key in ("source", "translation"):
            if key in values and values[key] in _PUNCTUATION:
                values[key] = str(_PUNCTUATION[values[key]])
        if "detail" in values:
            values["detail"] = _detail(values["detail"])
        return str(wording) % values
    return message


def shown_findings(findings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Stored findings with their message in the reader's language (for the editor)."""
    return [{**finding, "message": finding_text(str(finding.get("message", "")))}
            for finding in findings or []]
