"""What the connector form (or the admin API) submits, and its list of served countries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.numbers import get_territory_currencies, is_currency
from flask_babel import gettext as _

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.validation import validate_country_code
from backoffice.countries.models import Country


@dataclass(frozen=True)
class ConnectorInput:
    """What the connector form (or the admin API) submits. Empty keys mean "keep"."""

    name: str
    platform: str
    merchant_account: str
    api_key: str | None = None
    hmac_key: str | None = None
    live_endpoint_prefix: str | None = None
    checkout_base_url: str | None = None
    management_base_url: str | None = None
    countries: tuple[tuple[str, str], ...] = ()


def parse_countries(text: str | None) -> tuple[tuple[str, str], ...]:
    """``FR EUR`` per line (or separated by commas); a bare ``FR`` takes its usual currency."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for chunk in re.split(r"[\n,;]+", text or ""):
        parts = chunk.replace(":", " ").split()
        if not parts:
            continue
        if len(parts) > 2:
            raise OperationError(
                _('"%(value)s" is not a country and a currency, such as "FR EUR".',
                  value=chunk.strip()),
                "countries",
            )
        code = validate_country_code(parts[0].upper(), "countries")
        if code in seen:
            raise OperationError(_("%(code)s is listed twice.", code=code), "countries")
        seen.add(code)
        currency = parts[1].upper() if len(parts) == 2 else _usual_currency(code)
        if not is_currency(currency):
            raise OperationError(
                _('"%(value)s" is not an ISO 4217 currency code, such as EUR.', value=parts[1]),
                "countries",
            )
        pairs.append((code, currency))
    return tuple(pairs)


def _usual_currency(code: str) -> str:
    country = db.session.get(Country, code)
    if country is not None and country.currency:
        return country.currency
    currencies = get_territory_currencies(code)
    if len(currencies) != 1:
        raise OperationError(
            _("Give the currency for %(code)s, such as \"%(code)s EUR\".", code=code),
            "countries",
        )
    return currencies[0]
