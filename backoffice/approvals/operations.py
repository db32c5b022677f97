"""What waits for a person's approval, with everything needed to decide on the spot.

The decisions themselves are the payments domain's (``payments.changes``); the gates'
sentences are ``payments.gates``'s, computed now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.gates import Gate
from backoffice.core.permissions import Permission
from backoffice.countries.models import Country
from backoffice.countries.scopes import country as country_target
from backoffice.payments.gates import failing, payment_gates
from backoffice.payments.models import ChangeStatus, ConnectorCountry, PaymentChangeRequest

MAX_ITEMS = 200


@dataclass(frozen=True)
class Waiting:
    """One request and what approving it would do now."""

    change: PaymentChangeRequest
    country: Country
    link: ConnectorCountry | None  # the connector and methods payment would use
    gates: list[Gate]  # the gates into payments_live, the approval itself aside

    @property
    def blocking(self) -> list[Gate]:
        return failing(self.gates)


def _pending() -> list[PaymentChangeRequest]:
    return list(db.session.scalars(
        select(PaymentChangeRequest).where(
            PaymentChangeRequest.status == ChangeStatus.PENDING)
        .order_by(PaymentChangeRequest.requested_at, PaymentChangeRequest.id)
        .limit(MAX_ITEMS)))


def _described(changes: list[PaymentChangeRequest], now: datetime) -> list[Waiting]:
    codes = {change.country_code for change in changes}
    if not codes:
        return []
    countries = {c.code: c for c in db.session.scalars(
        select(Country).where(Country.code.in_(codes)))}
    links = {link.country_code: link for link in db.session.scalars(
        select(ConnectorCountry).where(ConnectorCountry.country_code.in_(codes)))}
    return [Waiting(change, countries[change.country_code], links.get(change.country_code),
                    payment_gates(countries[change.country_code], now, include_approval=False))
            for change in changes if change.country_code in countries]


def waiting_for(user: Any, now: datetime | None = None) -> list[Waiting]:
    """Requests this person may approve: someone else's, in their scope, oldest first."""
    if not user.can(Permission.PAYMENTS_APPROVE):
        return []
    mine = [change for change in _pending() if change.requested_by_id != user.id
            and user.may(country_target(change.country_code), write=True)]
    return _described(mine, now or utcnow())


def requested_by(user: Any, now: datetime | None = None) -> list[Waiting]:
    """This person's own requests still waiting for someone (they may withdraw them)."""
    return _described([c for c in _pending() if c.requested_by_id == user.id],
                      now or utcnow())
