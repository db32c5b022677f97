"""How a person reads a country's state: stage and payment names in their language.

Every page, mail and message that names a stage or a payment state takes it from here,
so no id (``payments_live``) is ever shown raw.
"""

from __future__ import annotations

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.models import ChangeStatus, Payment, Stage

STAGE_LABELS: dict[str, str] = {
    Stage.PLANNED: _l("Planned"),
    Stage.TRANSLATING: _l("Translating"),
    Stage.LIVE: _l("Live"),
    Stage.PAYMENTS_LIVE: _l("Payments live"),
    Stage.PAUSED: _l("Paused"),
}

PAYMENT_LABELS: dict[str, str] = {
    Payment.OFF: _l("Off"),
    Payment.ON: _l("On"),
    Payment.KILLED: _l("Killed"),
}

CHANGE_STATUS_LABELS: dict[str, str] = {
    ChangeStatus.SCHEDULED: _l("Scheduled"),
    ChangeStatus.APPLIED: _l("Done"),
    ChangeStatus.CANCELLED: _l("Cancelled"),
    ChangeStatus.SKIPPED: _l("Did not apply"),
}

# A payment change request (``payments.models.ChangeStatus``): the four-eyes decision.
PAYMENT_REQUEST_LABELS = {
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "cancelled": _l("Withdrawn"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def payment_label(payment: str) -> str:
    return str(PAYMENT_LABELS.get(payment, payment))


def change_status_label(status: str) -> str:
    return str(CHANGE_STATUS_LABELS.get(status, status))


def payment_request_label(status: str) -> str:
    return str(PAYMENT_REQUEST_LABELS.get(status, status))
