"""Gates into ``payments_live``: every condition, with a sentence a person understands.

``payment_gates`` is the one place they are computed: the country's payment section shows
them, approval requires them, and the launch pipeline reuses them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_datetime, format_timedelta
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.core.gates import Gate
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.labels import stage_label
from backoffice.countries.models import ChangeKind, Country, Payment, Stage, StateChange
from backoffice.countries.models import ChangeStatus as StateChangeStatus
from backoffice.countries.state import CountryState, state_of
from backoffice.payments.models import (
    ChangeStatus,
    ConnectorCountry,
    HealthCheck,
    PaymentChangeRequest,
    Platform,
)

HEALTH_CHECK_MAX_AGE = timedelta(hours=24)

# Gate ids, stable for the launch pipeline and the API.
COUNTRY_LIVE = "country_live"
CONNECTOR = "connector"
METHODS = "methods"
HEALTH_CHECK = "health_check"
WEBHOOK_HMAC = "webhook_hmac"
LIVE_PREFIX = "live_endpoint_prefix"
APPROVAL = "approval"

GATE_TITLES = {
    COUNTRY_LIVE: _l("Country is live"),
    CONNECTOR: _l("Adyen connector"),
    METHODS: _l("Payment methods"),
    HEALTH_CHECK: _l("Health check"),
    WEBHOOK_HMAC: _l("Webhook HMAC key"),
    LIVE_PREFIX: _l("Live endpoint prefix"),
    APPROVAL: _l("Four-eyes approval"),
}


def payment_gates(
    country: Country, now: datetime | None = None, *, include_approval: bool = True,
    state: CountryState | None = None,
) -> list[Gate]:
    """Every gate into ``payments_live`` for the country, passed or not, in a fixed order.

    The approval gate is left out when deciding an approval (it is what is being decided).
    """
    now = now or utcnow()
    state = state or state_of(country, now)
    code = country.code
    gates: list[Gate] = []

    if state.stage == Stage.LIVE:
        gates.append(_gate(COUNTRY_LIVE, True, _("%(code)s is live with online payment.",
                                                  code=code) if state.payment_on
                           else _("%(code)s is live.", code=code)))
    else:
        gates.append(_gate(COUNTRY_LIVE, False, _(
            "%(code)s is not live (stage: %(stage)s): it must be launched before online "
            "payment.", code=code, stage=stage_label(state.public_stage),
        )))

    link = db.session.scalar(select(ConnectorCountry).where(ConnectorCountry.country_code == code))
    if link is None:
        gates.append(_gate(CONNECTOR, False, _(
            "No Adyen connector serves %(code)s.", code=code)))
    elif link.currency != country.currency:
        gates.append(_gate(CONNECTOR, False, _(
            "The connector %(name)s serves %(code)s in %(served)s, but the country's currency "
            "is %(currency)s.", name=link.connector.name, code=code, served=link.currency,
            currency=country.currency,
        )))
    else:
        gates.append(_gate(CONNECTOR, True, _(
            "%(code)s is served by %(name)s (merchant account %(account)s) in %(currency)s.",
            code=code, name=link.connector.name, account=link.connector.merchant_account,
            currency=link.currency,
        )))

    currency = country.currency
    if link is None or not link.methods:
        gates.append(_gate(METHODS, False, _(
            "No payment method is enabled for %(code)s in %(currency)s.",
            code=code, currency=currency)))
    else:
        gates.append(_gate(METHODS, True, _(
            "Enabled for %(code)s in %(currency)s: %(methods)s.",
            code=code, currency=currency, methods=", ".join(link.methods))))

    gates.append(_health_gate(country, link, now))

    if link is None:
        gates.append(_gate(WEBHOOK_HMAC, False, _(
            "No webhook HMAC key: no connector serves %(code)s.", code=code)))
    elif not link.connector.has_hmac_key:
        gates.append(_gate(WEBHOOK_HMAC, False, _(
            "The webhook HMAC key of %(name)s is not set.", name=link.connector.name)))
    else:
        gates.append(_gate(WEBHOOK_HMAC, True, _(
            "The webhook HMAC key of %(name)s is set.", name=link.connector.name)))

    if link is None:
        gates.append(_gate(LIVE_PREFIX, False, _(
            "No connector serves %(code)s, so no platform is chosen.", code=code)))
    elif link.connector.platform != Platform.LIVE:
        gates.append(_gate(LIVE_PREFIX, True, _(
            "%(name)s uses Adyen's test platform: no live endpoint prefix is needed.",
            name=link.connector.name)))
    elif not link.connector.live_endpoint_prefix:
        gates.append(_gate(LIVE_PREFIX, False, _(
            "%(name)s uses the live platform but its live endpoint prefix is not set.",
            name=link.connector.name)))
    else:
        gates.append(_gate(LIVE_PREFIX, True, _(
            "The live endpoint prefix of %(name)s is set.", name=link.connector.name)))

    if include_approval:
        gates.append(_approval_gate(country, state))
    return gates


def _gate(gate_id: str, passed: bool, message: str) -> Gate:
    return Gate(gate_id, passed, message, title=str(GATE_TITLES.get(gate_id, gate_id)))


def failing(gates: list[Gate]) -> list[Gate]:
    return [gate for gate in gates if not gate.passed]


def _health_gate(country: Country, link: ConnectorCountry | None, now: datetime) -> Gate:
    code = country.code
    if link is None:
        return _gate(HEALTH_CHECK, False, _(
            "No Adyen health check can run: no connector serves %(code)s.", code=code))
    check = db.session.scalar(
        select(HealthCheck)
        .where(HealthCheck.country_code == code, HealthCheck.connector_id == link.connector_id)
        .order_by(HealthCheck.checked_at.desc(), HealthCheck.id.desc()).limit(1)
    )
    if check is None:
        return _gate(HEALTH_CHECK, False, _(
            "No Adyen health check has been run for %(code)s.", code=code))
    age = max(now - check.checked_at, timedelta(0))
    age_text = format_timedelta(age, threshold=1.0, add_direction=False)
    if not check.ok:
        return _gate(HEALTH_CHECK, False, _(
            "The last Adyen health check (%(age)s ago) failed: %(error)s",
            age=age_text, error=check.error_message or check.error_kind or "",
        ))
    if age > HEALTH_CHECK_MAX_AGE:
        return _gate(HEALTH_CHECK, False, _(
            "Adyen health check is %(age)s old; run a new one (24 hours at most).",
            age=age_text))
    if check.currency != country.currency:
        return _gate(HEALTH_CHECK, False, _(
            "The last Adyen health check was for %(checked)s, not %(currency)s.",
            checked=check.currency, currency=country.currency))
    missing = [method for method in link.methods or [] if method not in check.methods]
    if missing:
        return _gate(HEALTH_CHECK, False, _(
            "The last Adyen health check did not return %(methods)s.",
            methods=", ".join(missing)))
    return _gate(HEALTH_CHECK, True, _(
        "Adyen health check succeeded %(age)s ago and returned %(count)d methods.",
        age=age_text, count=len(check.methods)))


def _approval_gate(country: Country, state: CountryState) -> Gate:
    """Whether a second finance user approved turning payment on, as things stand now."""
    code = country.code
    if state.payment_on:
        return _gate(APPROVAL, True, _("Online payment for %(code)s was approved.", code=code))
    request = db.session.scalar(
        select(PaymentChangeRequest)
        .where(PaymentChangeRequest.country_code == code,
               PaymentChangeRequest.status.in_((ChangeStatus.PENDING, ChangeStatus.APPROVED)))
        .order_by(PaymentChangeRequest.requested_at.desc(), PaymentChangeRequest.id.desc())
        .limit(1)
    )
    if request is not None and request.status == ChangeStatus.PENDING:
        return _gate(APPROVAL, False, _(
            "Waiting for a finance user other than %(email)s to approve.",
            email=request.requested_by.email))
    if request is not None and _switches_on_later(request):
        return _gate(APPROVAL, True, _(
            "%(approver)s approved the request of %(requester)s.",
            approver=request.decided_by.email, requester=request.requested_by.email))
    if state.payment == Payment.KILLED:
        kill = last_kill(country)
        return _gate(APPROVAL, False, _(
            "Online payment was turned off with the kill switch by %(who)s on %(when)s "
            "(%(why)s): a new request must be approved.",
            who=kill.requested_by.email if kill and kill.requested_by else "—",
            when=format_datetime(kill.effective_at) if kill else "—",
            why=kill.reason if kill else "—"))
    last = db.session.scalar(
        select(PaymentChangeRequest).where(PaymentChangeRequest.country_code == code)
        .order_by(PaymentChangeRequest.requested_at.desc(), PaymentChangeRequest.id.desc())
        .limit(1))
    if last is not None:
        by = last.decided_by.email if last.decided_by else last.requested_by.email
        if last.status == ChangeStatus.REJECTED:
            return _gate(APPROVAL, False, _(
                "Request #%(id)d of %(requester)s was rejected by %(who)s (%(why)s): a new "
                "request must be approved.", id=last.id, requester=last.requested_by.email,
                who=by, why=last.decision_note or "—"))
        return _gate(APPROVAL, False, _(
            "Request #%(id)d of %(requester)s was cancelled by %(who)s (%(why)s): a new "
            "request must be approved.", id=last.id, requester=last.requested_by.email,
            who=by, why=last.decision_note or "—"))
    return _gate(APPROVAL, False, _(
        "Nobody has requested online payment for %(code)s yet.", code=code))


def _switches_on_later(request: PaymentChangeRequest) -> bool:
    return db.session.scalar(select(StateChange.id).where(
        StateChange.payment_request_id == request.id,
        StateChange.status == StateChangeStatus.SCHEDULED).limit(1)) is not None


def last_kill(country: Country) -> StateChange | None:
    """The latest kill of the country's online payment: who, when, why."""
    return db.session.scalar(
        select(StateChange)
        .where(StateChange.country_code == country.code,
               StateChange.kind == ChangeKind.PAYMENT,
               StateChange.to_stage == Payment.KILLED,
               StateChange.status == StateChangeStatus.APPLIED)
        .order_by(StateChange.effective_at.desc(), StateChange.id.desc()).limit(1))
