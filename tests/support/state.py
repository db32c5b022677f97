"""What a reader sees of a country's state, for tests (the one rule, ``countries.state``)."""

from __future__ import annotations

from typing import Any

from backoffice.countries.state import state_of


def shown_stage(country: Any) -> str:
    return state_of(country).public_stage


def stored(stage: str) -> dict[str, str]:
    """Model arguments for a country that readers see at ``stage``."""
    if stage == "payments_live":
        return {"recorded_stage": "live", "recorded_payment": "on"}
    return {"recorded_stage": stage}


def approved_switch_on(db: Any, code: str, when: Any, requester: Any) -> Any:
    """An approved change request whose switch-on is due at ``when``, as finance leaves it."""
    from backoffice.countries.models import StateChange
    from backoffice.payments.models import PaymentChangeRequest

    request = PaymentChangeRequest(country_code=code, status="approved",
                                   requested_by_id=requester.id, effective_at=when,
                                   decided_by_id=requester.id)
    db.add(request)
    db.flush()
    db.add(StateChange(country_code=code, kind="payment", from_stage="off", to_stage="on",
                       effective_at=when, status="scheduled", payment_request_id=request.id))
    db.flush()
    return request
