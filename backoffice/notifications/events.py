"""What the notifications hear from other domains (connected in ``backoffice.app``)."""

from __future__ import annotations

from typing import Any

from backoffice.notifications import kinds
from backoffice.notifications.operations import approvers, notify, resolve
from backoffice.payments import signals as payment_signals
from backoffice.payments.models import ChangeStatus, PaymentChangeRequest


def on_change_requested(change: PaymentChangeRequest, **_extra: Any) -> None:
    """Everyone who may approve hears that a request waits for them."""
    notify(approvers(change.country_code, change.requested_by_id), kinds.APPROVAL_WAITING,
           key=f"approval:{change.id}",
           params={"requester": change.requested_by.email, "country": change.country_code,
                   "reason": (change.reason or "")[:300]},
           link=f"/approvals#change-{change.id}", country_code=change.country_code)


def on_change_decided(change: PaymentChangeRequest, by: Any = None, **_extra: Any) -> None:
    """The request is no longer waiting for anyone; its requester hears the decision."""
    resolve(f"approval:{change.id}")
    kind = {ChangeStatus.APPROVED.value: kinds.REQUEST_APPROVED,
            ChangeStatus.REJECTED.value: kinds.REQUEST_REFUSED}.get(change.status)
    if kind is None or getattr(by, "id", None) == change.requested_by_id:
        return
    notify([change.requested_by], kind, key=f"decision:{change.id}",
           params={"decider": getattr(by, "email", "?"), "country": change.country_code,
                   "note": change.decision_note or ""},
           link=f"/payments/countries/{change.country_code}", country_code=change.country_code)


def connect() -> None:
    payment_signals.change_requested.connect(on_change_requested)
    payment_signals.change_decided.connect(on_change_decided)
