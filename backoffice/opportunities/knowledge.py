"""What the product already knows about a candidate country.

- payment: the methods Adyen's Management API lists as usable for the country and its
  currency (asked through the payments connector interface, stored on the candidate);
- ID checks: which providers cover which of its documents (``idchecks.providers``);
- translation: the words left to translate for its locales, given the locales (and the
  parents) the product already has: a variant of a locale in the product costs only its
  differences, estimated at ``VARIANT_SHARE`` of the words (``catalogs`` counters and
  ``countries.cldr.suggest_parent``);
- marketing: the channels planned for the countries the team says are similar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from backoffice.catalogs.domains import APP_DOMAIN  # noqa: F401
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.db import db
from backoffice.countries.cldr import suggest_parent
from backoffice.countries.models import Locale
from backoffice.idchecks.operations import providers as idcheck_providers
from backoffice.marketing.models import MarketingPlan, PlanAllocation
from backoffice.marketing.plan_rules import CHANNELS
from connectors.idcheck import MANUAL

VARIANT_SHARE = Decimal("0.1")  # a variant usually differs in about a tenth of its text


@dataclass(frozen=True)
class LocaleCost:
    locale: str
    parent: str | None  # the product's locale it would build on
    words: int
    in_product: bool  # the locale itself is already in the product


@dataclass
class Product:
    """What the product holds, loaded once for a page of candidates."""

    words_total: int
    catalogs: dict[str, Catalog]
    locales: set[str]
    providers: dict[str, Any]
    channels: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Product:
        catalogs = {c.locale_code: c for c in db.session.scalars(
            select(Catalog).where(Catalog.domain == APP_DOMAIN))}
        biggest = max(catalogs.values(), key=lambda c: c.total_count, default=None)
        words = 0
        if biggest is not None:
            for text in db.session.scalars(select(Message.msgid).where(
                    Message.catalog_id == biggest.id, Message.obsolete.is_(False))):
                words += len(text.split())
        channels: dict[str, dict[str, Decimal]] = {}
        for code, channel, amount in db.session.execute(
                select(MarketingPlan.country_code, PlanAllocation.channel,
                       func.sum(PlanAllocation.amount))
                .join(PlanAllocation, PlanAllocation.plan_id == MarketingPlan.id)
                .group_by(MarketingPlan.country_code, PlanAllocation.channel)):
            channels.setdefault(code, {})[channel] = Decimal(amount or 0)
        return cls(words_total=words, catalogs=catalogs,
                   locales=set(db.session.scalars(select(Locale.code))),
                   providers=idcheck_providers(), channels=channels)

    def _left(self, locale: str) -> int:
        catalog = self.catalogs.get(locale)
        if catalog is None or not catalog.total_count:
            return self.words_total
        done = catalog.translated_count + catalog.reviewed_count + catalog.inherited_count
        return self.words_total * max(catalog.total_count - done, 0) // catalog.total_count

    def locale_cost(self, locale: str) -> LocaleCost:
        if locale in self.catalogs:
            return LocaleCost(locale, None, self._left(locale), True)
        parent = self.base_of(locale)
        if parent:
            share = int(self.words_total * VARIANT_SHARE)
            return LocaleCost(locale, parent, share + self._left(parent), False)
        return LocaleCost(locale, None, self.words_total, False)

    def base_of(self, locale: str) -> str | None:
        """The product's locale a new one would inherit from: CLDR's suggested parent,
        else another locale of the same language (``en_IE`` on ``en_GB``)."""
        suggested = suggest_parent(locale)
        if suggested and suggested in self.catalogs:
            return suggested
        language = locale.split("_")[0]
        same = sorted(code for code in self.catalogs
                      if code.split("_")[0] == language and code != locale
                      and "@" not in code and code.count("_") == 1)
        return same[0] if same else None

    def idcheck_coverage(self, code: str) -> dict[str, list[Any]]:
        """Provider display name -> documents it covers in the country (manual left out)."""
        found = {}
        for name, provider in self.providers.items():
            if name == MANUAL:
                continue
            documents = sorted(provider.coverage(code), key=lambda d: d.value)
            if documents:
                found[provider.display_name] = documents
        return found

    def similar_channels(self, codes: list[str]) -> list[str]:
        """The channels planned for similar countries, the most funded first."""
        totals: dict[str, Decimal] = {}
        for code in codes:
            for channel, amount in self.channels.get(code, {}).items():
                totals[channel] = totals.get(channel, Decimal(0)) + amount
        return [c for c, _a in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]


def channel_label(channel: str) -> str:
    return str(CHANNELS.get(channel, channel))
