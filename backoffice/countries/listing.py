"""The countries table: rows, filters and sort order, for the dashboard and the list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backoffice.countries.cldr import country_name
from backoffice.countries.models import Country
from backoffice.countries.queries import all_countries
from backoffice.countries.state import CountryState, states_of
from backoffice.countries.validation import STAGE_ORDER


@dataclass
class CountryRow:
    code: str
    name: str
    stage: str
    locales: list[str]
    currency: str
    owner: str
    updated_at: datetime
    version: int


SORT_KEYS = ("name", "code", "stage", "locales", "currency", "owner", "updated")


@dataclass
class TableQuery:
    """Filters and sort order of the countries table, from the query string."""

    stage: str = ""
    locale: str = ""
    currency: str = ""
    owner: str = ""
    q: str = ""
    sort: str = "name"
    descending: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TableQuery:
        sort = args.get("sort", "name")
        return cls(
            stage=args.get("stage", "") if args.get("stage") in STAGE_ORDER else "",
            locale=args.get("locale", "").strip(),
            currency=args.get("currency", "").strip().upper(),
            owner=args.get("owner", "").strip().lower(),
            q=args.get("q", "").strip(),
            sort=sort if sort in SORT_KEYS else "name",
            descending=args.get("dir") == "desc",
        )

    def args(self, **changes: Any) -> dict[str, str]:
        values = {"stage": self.stage, "locale": self.locale, "currency": self.currency,
                  "owner": self.owner, "q": self.q, "sort": self.sort,
                  "dir": "desc" if self.descending else ""}
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    def sort_args(self, key: str) -> dict[str, str]:
        """Clicking a column sorts by it; clicking the sorted column flips the order."""
        descending = key == self.sort and not self.descending
        return self.args(sort=key, dir="desc" if descending else "")


def country_rows(display_locale: str | None, query: TableQuery | None = None,
                 countries: list[Country] | None = None,
                 states: Mapping[str, CountryState] | None = None) -> list[CountryRow]:
    query = query or TableQuery()
    countries = countries if countries is not None else all_countries()
    states = states if states is not None else states_of(countries)
    rows = [
        CountryRow(
            code=country.code,
            name=country_name(country.code, display_locale),
            stage=states[country.code].public_stage,
            locales=country.locale_codes,
            currency=country.currency,
            owner=country.owner.email if country.owner else "",
            updated_at=country.updated_at,
            version=country.version,
        )
        for country in countries
    ]
    rows = [row for row in rows if _matches(row, query)]
    keys = {
        "name": lambda r: (r.name.casefold(), r.code),
        "code": lambda r: r.code,
        "stage": lambda r: STAGE_ORDER.index(r.stage) if r.stage in STAGE_ORDER else 99,
        "locales": lambda r: (len(r.locales), r.locales),
        "currency": lambda r: r.currency,
        "owner": lambda r: r.owner,
        "updated": lambda r: r.updated_at,
    }
    # Ties keep the name order, whichever way the column is sorted (the sort is stable).
    rows.sort(key=keys["name"])
    return sorted(rows, key=keys[query.sort], reverse=query.descending)


def _matches(row: CountryRow, query: TableQuery) -> bool:
    if query.stage and row.stage != query.stage:
        return False
    if query.locale and query.locale.lower() not in (code.lower() for code in row.locales):
        return False
    if query.currency and row.currency != query.currency:
        return False
    if query.owner and query.owner not in row.owner:
        return False
    needle = query.q.casefold()
    return not needle or needle in row.name.casefold() or needle == row.code.casefold()


def locale_choices(countries: Iterable[Country]) -> list[str]:
    return sorted({code for country in countries for code in country.locale_codes})
