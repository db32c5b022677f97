"""The ranked table of candidates: criteria, weights the team tunes, one sentence each.

Every criterion is scaled from 0 (the worst candidate) to 1 (the best) across the
candidates shown; a candidate's score is the weighted mean, out of 100. A criterion whose
figure a candidate lacks counts 0 for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.cldr import country_name
from backoffice.opportunities.knowledge import LocaleCost, Product, channel_label
from backoffice.opportunities.models import Candidate, Weight
from connectors.idcheck import DocumentType


@dataclass(frozen=True)
class Criterion:
    key: str
    label: Any
    higher_is_better: bool
    default_weight: int
    indicator: bool  # kept by the team as data (with source and date), else the product's


CRITERIA = [
    Criterion("hitchhiking", _l("Hitchhiking culture (0–10)"), True, 3, True),
    Criterion("long_distance_travel", _l("Long-distance trips a person a year"), True, 3, True),
    Criterion("online_payment_share", _l("Share of online payment (%)"), True, 2, True),
    Criterion("population", _l("Population (millions)"), True, 2, True),
    Criterion("competitors", _l("Competitors"), False, 1, True),
    Criterion("translation_words", _l("Words to translate"), False, 2, False),
    Criterion("payment_methods", _l("Adyen payment methods"), True, 1, False),
    Criterion("idcheck_providers", _l("ID-check providers"), True, 1, False),
]
BY_KEY = {c.key: c for c in CRITERIA}
INDICATOR_KEYS = [c.key for c in CRITERIA if c.indicator]
PREFERRED_DOCUMENTS = (DocumentType.NATIONAL_ID, DocumentType.DRIVING_LICENCE,
                       DocumentType.PASSPORT, DocumentType.RESIDENCE_PERMIT)
CARD_TYPES = {"visa", "mc", "amex", "maestro", "cartebancaire", "diners", "discover", "jcb",
              "cup", "scheme", "elo", "hipercard"}


@dataclass
class Row:
    candidate: Candidate
    name: str
    figures: dict[str, float | None]
    costs: list[LocaleCost]
    idchecks: dict[str, list[Any]]
    channels: list[str]
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.candidate.code


def weights() -> dict[str, float]:
    stored = {w.key: float(w.weight) for w in db.session.scalars(select(Weight))}
    return {c.key: stored.get(c.key, float(c.default_weight)) for c in CRITERIA}


def _row(candidate: Candidate, product: Product) -> Row:
    figures: dict[str, float | None] = {key: None for key in BY_KEY}
    for indicator in candidate.indicators:
        if indicator.key in figures:
            figures[indicator.key] = float(indicator.value)
    costs = [product.locale_cost(locale) for locale in candidate.locales]
    idchecks = product.idcheck_coverage(candidate.code)
    figures["translation_words"] = float(sum(c.words for c in costs)) if costs else None
    figures["payment_methods"] = (float(len(payment_groups(candidate.payment_methods)))
                                  if candidate.payment_checked_at
                                  and not candidate.payment_error else None)
    figures["idcheck_providers"] = float(len(idchecks))
    return Row(candidate, country_name(candidate.code), figures, costs, idchecks,
               product.similar_channels(candidate.similar_to or []))


def rank(candidates: list[Candidate], product: Product | None = None,
         chosen: dict[str, float] | None = None) -> list[Row]:
    """The candidates, best first, each with its score and the part of each criterion."""
    product = product or Product.load()
    chosen = chosen or weights()
    rows = [_row(c, product) for c in candidates]
    total = sum(w for w in chosen.values() if w > 0) or 1.0
    for criterion in CRITERIA:
        weight = chosen.get(criterion.key, 0.0)
        values = [v for r in rows if (v := r.figures[criterion.key]) is not None]
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        for row in rows:
            value = row.figures[criterion.key]
            if value is None or weight <= 0:
                scaled = 0.0
            elif high == low:
                scaled = 1.0
            else:
                scaled = (value - low) / (high - low)
                scaled = scaled if criterion.higher_is_better else 1 - scaled
            row.parts[criterion.key] = scaled
            row.score += 100 * weight * scaled / total if weight > 0 else 0
    return sorted(rows, key=lambda r: (-r.score, r.code))


def payment_groups(methods: list[str]) -> list[str]:
    """Method types as people say them: every card brand is "cards"."""
    groups: list[str] = []
    for method in methods or []:
        name = str(_("cards")) if method in CARD_TYPES else method
        if name not in groups:
            groups.append(name)
    return groups


def best_document(idchecks: dict[str, list[Any]]) -> tuple[Any, list[str]]:
    """The document most providers cover (a national ID first), with those providers."""
    best: tuple[Any, list[str]] = (None, [])
    for document in PREFERRED_DOCUMENTS:
        covering = sorted(name for name, docs in idchecks.items() if document in docs)
        if len(covering) > len(best[1]):
            best = (document, covering)
    return best


def _words(number: int) -> str:
    rounded = round(number, -2) if number >= 1000 else round(number, -1)
    return format_decimal(rounded)


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def sentence(row: Row) -> str:
    """What launching the candidate would take, in one sentence."""
    parts = []
    for cost in row.costs:
        if cost.in_product:
            parts.append(_("%(locale)s is in the product: about %(words)s words left to "
                           "translate", locale=cost.locale, words=_words(cost.words)))
        elif cost.parent:
            parts.append(_("%(locale)s on %(parent)s: about %(words)s words to translate",
                           locale=cost.locale, parent=cost.parent, words=_words(cost.words)))
        else:
            parts.append(_("%(locale)s: about %(words)s words to translate",
                           locale=cost.locale, words=_words(cost.words)))
    candidate = row.candidate
    if candidate.payment_checked_at is None:
        parts.append(_("Adyen not asked yet"))
    elif candidate.payment_error:
        parts.append(_("Adyen did not answer"))
    elif candidate.payment_methods:
        parts.append(_("Adyen offers %(methods)s",
                       methods=_list(payment_groups(candidate.payment_methods))))
    else:
        parts.append(_("Adyen offers no payment method there yet"))
    document, providers = best_document(row.idchecks)
    if document is not None:
        parts.append(ngettext("%(providers)s covers the %(document)s",
                              "%(providers)s cover the %(document)s", len(providers),
                              providers=_list(providers), document=document.label))
    else:
        parts.append(_("no ID-check provider covers its documents"))
    if row.channels:
        parts.append(_("similar countries plan %(channels)s",
                       channels=_list([channel_label(c) for c in row.channels[:3]])))
    return "; ".join(parts) + "."


def as_json(row: Row) -> dict[str, Any]:
    candidate = row.candidate
    return {
        "code": row.code, "name": row.name, "score": round(row.score, 1),
        "locales": list(candidate.locales or []),
        "similar_to": list(candidate.similar_to or []), "notes": candidate.notes,
        "version": candidate.version,
        "indicators": [{"key": i.key, "value": float(Decimal(i.value)), "source": i.source,
                        "as_of": i.as_of.isoformat()} for i in candidate.indicators],
        "payment_methods": list(candidate.payment_methods or []),
        "payment_checked_at": candidate.payment_checked_at.isoformat()
        if candidate.payment_checked_at else None,
        "words_to_translate": int(row.figures["translation_words"] or 0),
        "idcheck": {name: [d.value for d in docs] for name, docs in row.idchecks.items()},
        "channels": row.channels, "sentence": sentence(row),
        "created_country": candidate.created_country,
    }
