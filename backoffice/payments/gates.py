"""Gates into ``payments_live``: every condition, with a sentence a person understands.

``payment_gates`` is the one place they are computed: the country's payment section shows
them, approval requires them, and the launch pipeline reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from backoffice.core.db import db, utcnow
from backoffice.countries.models import Country, Stage
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


@dataclass(frozen=True)
class Gate:
    id: str
    passed: bool
    message: str

    @property
    def title(self) -> str:
        return str(GATE_TITLES.get(self.id, self.id))


def payment_gates(
    country: Country, now: datetime | None = None, *, include_approval: bool = True
) -> list[Gate]:
    """Every gate into ``payments_live`` for the country, passed or not, in a fixed order.

    The approval gate is left out when deciding an approval (it is what is being decided).
    """
    now = now or utcnow()
    code = country.code
    gates: list[Gate] = []

    if country.stage == Stage.LIVE:
        gates.append(Gate(COUNTRY_LIVE, True, _("%(code)s is live.", code=code)))
    elif country.stage == Stage.PAYMENTS_LIVE:
        gates.append(Gate(COUNTRY_LIVE, True,
                          _("%(code)s is live with online payment.", code=code)))
    else:
        gates.append(Gate(COUNTRY_LIVE, False, _(
            "%(code)s is %(stage)s: it must be launched (live) before online payment.",
            code=code, stage=country.stage,
        )))

    link = db.session.scalar(select(ConnectorCountry).where(ConnectorCountry.country_code == code))
    if link is None:
        gates.append(Gate(CONNECTOR, False, _(
            "No Adyen connector serves %(code)s.", code=code)))
    elif link.currency != country.currency:
        gates.append(Gate(CONNECTOR, False, _(
            "The connector %(name)s serves %(code)s in %(served)s, but the country's currency "
            "is %(currency)s.", name=link.connector.name, code=code, served=link.currency,
            currency=country.currency,
        )))
    else:
        gates.append(Gate(CONNECTOR, True, _(
            "%(code)s is served by %(name)s (merchant account %(account)s) in %(currency)s.",
            code=code, name=link.connector.name, account=link.connector.merchant_account,
            currency=link.currency,
        )))

    currency = country.currency
    if link is None or not link.methods:
        gates.append(Gate(METHODS, False, _(
            "No payment method is enabled for %(code)s in %(currency)s.",
            code=code, currency=currency)))
    else:
        gates.append(Gate(METHODS, True, _(
            "Enabled for %(code)s in %(currency)s: %(methods)s.",
            code=code, currency=currency, methods=", ".join(link.methods))))

    gates.append(_health_gate(country, link, now))

    if link is None:
        gates.append(Gate(WEBHOOK_HMAC, False, _(
            "No webhook HMAC key: no connector serves %(code)s.", code=code)))
    elif not link.connector.has_hmac_key:
        gates.append(Gate(WEBHOOK_HMAC, False, _(
            "The webhook HMAC key of %(name)s is not set.", name=link.connector.name)))
    else:
        gates.append(Gate(WEBHOOK_HMAC, True, _(
            "The webhook HMAC key of %(name)s is set.", name=link.connector.name)))

    if link is None:
        gates.append(Gate(LIVE_PREFIX, False, _(
            "No connector serves %(code)s, so no platform is chosen.", code=code)))
    elif link.connector.platform != Platform.LIVE:
        gates.append(Gate(LIVE_PREFIX, True, _(
            "%(name)s uses Adyen's test platform: no live endpoint prefix is needed.",
            name=link.connector.name)))
    elif not link.connector.live_endpoint_prefix:
        gates.append(Gate(LIVE_PREFIX, False, _(
            "%(name)s uses the live platform but its live endpoint prefix is not set.",
            name=link.connector.name)))
    else:
        gates.append(Gate(LIVE_PREFIX, True, _(
            "The live endpoint prefix of %(name)s is set.", name=link.connector.name)))

    if include_approval:
        gates.append(_approval_gate(country))
    return gates


def failing(gates: list[Gate]) -> list[Gate]:
    return [gate for gate in gates if not gate.passed]


def _health_gate(country: Country, link: ConnectorCountry | None, now: datetime) -> Gate:
    code = country.code
    if link is None:
        return Gate(HEALTH_CHECK, False, _(
            "No Adyen health check can run: no connector serves %(code)s.", code=code))
    check = db.session.scalar(
        select(HealthCheck)
        .where(HealthCheck.country_code == code, HealthCheck.connector_id == link.connector_id)
        .order_by(HealthCheck.checked_at.desc(), HealthCheck.id.desc()).limit(1)
    )
    if check is None:
        return Gate(HEALTH_CHECK, False, _(
            "No Adyen health check has been run for %(code)s.", code=code))
    age = max(now - check.checked_at, timedelta(0))
    age_text = format_timedelta(age, threshold=1.0, add_direction=False)
    if not check.ok:
        return Gate(HEALTH_CHECK, False, _(
            "The last Adyen health check (%(age)s ago) failed: %(error)s",
            age=age_text, error=check.error_message or check.error_kind or "",
        ))
    if age > HEALTH_CHECK_MAX_AGE:
        return Gate(HEALTH_CHECK, False, _(
            "Adyen health check is %(age)s old; run a new one (24 hours at most).",
            age=age_text))
    if check.currency != country.currency:
        return Gate(HEALTH_CHECK, False, _(
            "The last Adyen health check was for %(checked)s, not %(currency)s.",
            checked=check.currency, currency=country.currency))
    missing = [method for method in link.methods or [] if method not in check.methods]
    if missing:
        return Gate(HEALTH_CHECK, False, _(
            "The last Adyen health check did not return %(methods)s.",
            methods=", ".join(missing)))
    return Gate(HEALTH_CHECK, True, _(
        "Adyen health check succeeded %(age)s ago and returned %(count)d methods.",
        age=age_text, count=len(check.methods)))


def _approval_gate(country: Country) -> Gate:
    code = country.code
    if country.stage == Stage.PAYMENTS_LIVE:
        return Gate(APPROVAL, True, _("Online payment for %(code)s was approved.", code=code))
    request = db.session.scalar(
        select(PaymentChangeRequest)
        .where(PaymentChangeRequest.country_code == code,
               PaymentChangeRequest.status.in_((ChangeStatus.PENDING, ChangeStatus.APPROVED)))
        .order_by(PaymentChangeRequest.requested_at.desc()).limit(1)
    )
    if request is None:
        return Gate(APPROVAL, False, _(
            "Nobody has requested online payment for %(code)s yet.", code=code))
    if request.status == ChangeStatus.PENDING:
        return Gate(APPROVAL, False, _(
            "Waiting for a finance user other than %(email)s to approve.",
            email=request.requested_by.email))
    return Gate(APPROVAL, True, _(
        "%(approver)s approved the request of %(requester)s.",
        approver=request.decided_by.email, requester=request.requested_by.email))
