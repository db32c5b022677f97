"""The rules a message's text follows: its state, its catalog's plural rule, its findings.

Every reader and writer of catalog rows asks these; none spells them again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from backoffice.catalogs.checks import run_checks
from backoffice.catalogs.models import Catalog, Message, State
from backoffice.catalogs.plurals import (
    PluralFormsError,
    PluralRule,
    default_plural_rule,
    is_template_plural_forms,
    parse_plural_forms,
    plural_labels,
)
from backoffice.catalogs.po.model import PoFile

# A message in one of these states counts as done (progress, inheritance, suggestions).
DONE_STATES = (State.TRANSLATED.value, State.REVIEWED.value)


def gives_text(state: str, obsolete: bool) -> bool:
    """Whether a message stands as a done text of its catalog (what variants inherit)."""
    return not obsolete and state in DONE_STATES

Findings = list[dict[str, Any]]


def state_of(forms: Sequence[str], fuzzy: bool) -> State:
    if not any(forms):
        return State.UNTRANSLATED
    if fuzzy or not all(forms):
        return State.DRAFT
    return State.TRANSLATED


def checked_state(state: State, findings: Iterable[dict[str, Any]]) -> State:
    """Text failing an error check is kept, as a draft."""
    if failing(findings) and state != State.UNTRANSLATED:
        return State.DRAFT
    return state


def unchanged(message: Message, forms: Sequence[str], state: State) -> bool:
    """Whether saving ``forms`` in ``state`` would change nothing (a reviewed message
    saved again with the same text stays reviewed)."""
    return list(forms) == list(message.translations) and (
        state.value == message.state
        or (state == State.TRANSLATED and message.state == State.REVIEWED.value)
    )


def search_text(
    msgctxt: str | None, msgid: str, msgid_plural: str | None, forms: Iterable[str],
    translator_comments: Iterable[str], extracted_comments: Iterable[str],
) -> str:
    parts = [msgctxt or "", msgid, msgid_plural or "", *forms, *translator_comments,
             *extracted_comments]
    return "\n".join(p for p in parts if p).lower()


# --- plural rules -----------------------------------------------------------------------


def catalog_rule(catalog: Catalog) -> PluralRule:
    """The file's own Plural-Forms when it has one, else CLDR's for the locale."""
    return _rule(catalog.plural_forms, catalog.locale_code)


@functools.lru_cache(maxsize=512)
def _rule(plural_forms: str | None, locale_code: str) -> PluralRule:
    # One parse per (header, locale): rules are immutable, catalogs ask for theirs often.
    if plural_forms and not is_template_plural_forms(plural_forms):
        try:
            return parse_plural_forms(plural_forms)
        except PluralFormsError:
            pass
    try:
        return default_plural_rule(locale_code)
    except (ValueError, LookupError):
        return parse_plural_forms("nplurals=2; plural=(n != 1);")


def file_rule(po: PoFile, locale_code: str) -> PluralRule | None:
    """The rule of a file being imported: its own, else CLDR's, else none."""
    try:
        rule = po.plural_rule()
    except PluralFormsError:
        rule = None
    if rule is None:
        try:
            rule = default_plural_rule(locale_code)
        except (ValueError, LookupError):
            rule = None
    return rule


def labels_for(catalog: Catalog) -> list[Any]:
    return plural_labels(catalog_rule(catalog), catalog.locale_code)


# --- findings ---------------------------------------------------------------------------


def findings(
    msgid: str, msgid_plural: str | None, forms: Sequence[str], flags: Sequence[str],
    rule: PluralRule | None,
) -> Findings:
    if not any(forms):
        return []
    found = run_checks(
        msgid,
        rule.nplurals if rule and msgid_plural is not None else None,
        translation=list(forms) if msgid_plural is not None else forms[0],
        source_plural=msgid_plural,
        flags=[f for f in flags if f != "fuzzy"],
        plural_rule=rule if msgid_plural is not None else None,
    )
    return [
        {"check": f.check, "severity": f.severity, "message": f.message, "form": f.form}
        for f in found
    ]


def failing(found: Iterable[dict[str, Any]]) -> bool:
    return any(f["severity"] == "error" for f in found)


def format_flags(flags: Iterable[str]) -> set[str]:
    return {f for f in flags if f.endswith("-format") and not f.startswith("no-")}


def fails_new_format(found: Iterable[dict[str, Any]], formats: set[str]) -> bool:
    """Whether an error finding is about a format the template just declared."""
    return any(f["severity"] == "error" and f["check"] in formats for f in found)
