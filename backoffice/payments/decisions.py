"""What a four-eyes decision needs on the page: what the request would switch on (connector,
methods, the gates as they stand), and the one local date-time field of the request form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from backoffice.core.arguments import DATE_MAX, DATE_MIN
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.gates import Gate
from backoffice.countries.models import Country
from backoffice.payments import changes, operations
from backoffice.payments.gates import payment_gates
from backoffice.payments.models import ChangeStatus, PaymentChangeRequest

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class PendingFacts:
    connector: str  # "name (merchant account, currency)", or "" when none serves it
    methods: list[str] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for gate in self.gates if gate.passed)

    @property
    def failing(self) -> list[Gate]:
        return [gate for gate in self.gates if not gate.passed]


def pending_facts(requests: list[PaymentChangeRequest],
                  now: datetime | None = None) -> dict[int, PendingFacts]:
    """``{request id: facts}`` for the pending requests (the approval gate left out: it is
    what the approver decides)."""
    found: dict[int, PendingFacts] = {}
    for change in requests:
        if change.status != ChangeStatus.PENDING:
            continue
        country = db.session.get(Country, change.country_code)
        if country is None:
            continue
        link = operations.served_country(country.code)
        connector = (f"{link.connector.name} ({link.connector.merchant_account}, "
                     f"{link.currency})" if link is not None else "")
        found[change.id] = PendingFacts(
            connector, list(link.methods or []) if link is not None else [],
            payment_gates(country, now, include_approval=False))
    return found


def parse_switch_on_time(country: Country, text: str) -> tuple[datetime, str]:
    """``YYYY-MM-DDTHH:MM`` in the country's zone: (UTC instant, the local text)."""
    try:
        naive = datetime.strptime(text.strip(), LOCAL_FORMAT)
    except ValueError:
        raise OperationError(_("Give the time as YYYY-MM-DDTHH:MM in the country's time zone."),
                             "effective_at") from None
    if not DATE_MIN <= naive.date() <= DATE_MAX:
        raise OperationError(_("Choose a date from %(first)s to %(last)s.",
                               first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()),
                             "effective_at")
    at, local = changes.local_to_utc(country, naive.date(), naive.time())
    return at, local
