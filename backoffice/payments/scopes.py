"""What a payment route acts on, for the scope it declares (``countries.scopes``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backoffice.core.arguments import MAX_INTEGER
from backoffice.core.db import db
from backoffice.core.permissions import Resolver, Target
from backoffice.countries import scopes
from backoffice.payments.models import PaymentChangeRequest


def change_country(name: str = "change_id") -> Resolver:
    """The country of the change request the route decides on."""

    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        value = args.get(name)
        if not isinstance(value, int) or not 0 < value <= MAX_INTEGER:
            return []
        change = db.session.get(PaymentChangeRequest, value)
        return [scopes.country(change.country_code)] if change else []

    return resolve
