"""Payment connectors: configuration, the countries they serve, method choices, health checks.

Keys are encrypted before they reach the session and appear in the audit only as
"[redacted]" (the audit fields are named ``api_key``/``hmac_key``).

Reads live in ``payments.queries`` and the form's input in ``payments.connector_input``;
their names stay importable from here (``X as X``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.audit import operations as audit
from backoffice.core.crypto import decrypt_secret, encrypt_secret, secret_hint
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError
from backoffice.countries.models import Country
from backoffice.payments.connector_input import ConnectorInput as ConnectorInput
from backoffice.payments.connector_input import parse_countries as parse_countries
from backoffice.payments.connector_settings import (
    check_settings,
    require_key_for_new_address,
    settings_for,
)
from backoffice.payments.models import (
    ConnectorCountry,
    HealthCheck,
    PaymentConnectorConfig,
    Platform,
)
from backoffice.payments.queries import get_connector as get_connector
from backoffice.payments.queries import health_checks as health_checks
from backoffice.payments.queries import last_heard as last_heard
from backoffice.payments.queries import (
    latest_health_check as latest_health_check,
)
from backoffice.payments.queries import list_connectors as list_connectors
from backoffice.payments.queries import recent_webhooks as recent_webhooks
from backoffice.payments.queries import served_country as served_country
from connectors.payments import (
    ErrorKind,
    MethodSetting,
    PaymentConnector,
    PaymentMethodInfo,
    PaymentProviderError,
)
from connectors.payments.adyen import AdyenSettings
from connectors.payments.build import build_payment_connector

# A nominal amount (in minor units) for asking Adyen what a shopper would be offered.
HEALTH_CHECK_AMOUNT_MINOR = 1000
_METHOD_TYPE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")

ConnectorFactory = Callable[[AdyenSettings], PaymentConnector]


# --- connectors ------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _connector_state(connector: PaymentConnectorConfig) -> dict[str, object]:
    return {
        "name": connector.name,
        "platform": connector.platform,
        "merchant_account": connector.merchant_account,
        "live_endpoint_prefix": connector.live_endpoint_prefix,
        "checkout_base_url": connector.checkout_base_url,
        "management_base_url": connector.management_base_url,
        "countries": [f"{c.country_code} {c.currency}" for c in connector.countries],
    }


def save_connector(
    data: ConnectorInput,
    connector: PaymentConnectorConfig | None = None,
    *,
    reason: str | None = None,
) -> PaymentConnectorConfig:
    """Create a connector, or update one; empty keys keep the stored ones."""
    name = (data.name or "").strip()
    if not name:
        raise OperationError(_("Give the connector a name."), "name")
    data = ConnectorInput(
        name=name,
        platform=(data.platform or "").strip(),
        merchant_account=(data.merchant_account or "").strip(),
        api_key=_clean(data.api_key),
        hmac_key=_clean(data.hmac_key),
        live_endpoint_prefix=_clean(data.live_endpoint_prefix),
        checkout_base_url=_clean(data.checkout_base_url),
        management_base_url=_clean(data.management_base_url),
        countries=data.countries,
    )
    if data.platform not in (Platform.TEST, Platform.LIVE):
        raise OperationError(_("Choose the test or the live platform."), "platform")
    if data.platform == Platform.LIVE and not data.live_endpoint_prefix:
        raise OperationError(
            _("The live platform needs the live endpoint prefix (Customer Area > Developers > "
              "API URLs)."),
            "live_endpoint_prefix",
        )
    if data.api_key:
        api_key = data.api_key
    elif connector is None:
        raise OperationError(_("The API key is required."), "api_key")
    else:
        api_key = decrypt_secret(connector.api_key_encrypted)
    hmac_key = data.hmac_key
    if hmac_key is None and connector is not None and connector.hmac_key_encrypted:
        hmac_key = decrypt_secret(connector.hmac_key_encrypted)
    check_settings(data, api_key, hmac_key)
    require_key_for_new_address(connector, data, api_key_typed=bool(data.api_key))

    duplicate = db.session.scalar(
        select(PaymentConnectorConfig).where(func.lower(PaymentConnectorConfig.name)
                                             == name.lower())
    )
    if duplicate is not None and duplicate is not connector:
        raise OperationError(_("Another connector is already named %(name)s.", name=name), "name")
    same_account = db.session.scalar(
        select(PaymentConnectorConfig).where(
            PaymentConnectorConfig.platform == data.platform,
            PaymentConnectorConfig.merchant_account == data.merchant_account,
        )
    )
    if same_account is not None and same_account is not connector:
        raise OperationError(
            _("The connector %(name)s already uses this merchant account.",
              name=same_account.name),
            "merchant_account",
        )

    creating = connector is None
    before = None if connector is None else {
        **_connector_state(connector),
        "api_key": "previous" if data.api_key else "unchanged",
        "hmac_key": "previous" if data.hmac_key else "unchanged",
    }
    if connector is None:
        connector = PaymentConnectorConfig(provider="adyen")
        db.session.add(connector)
    connector.name = name
    connector.platform = data.platform
    connector.merchant_account = data.merchant_account
    connector.live_endpoint_prefix = data.live_endpoint_prefix
    connector.checkout_base_url = data.checkout_base_url
    connector.management_base_url = data.management_base_url
    if data.api_key:
        connector.api_key_encrypted = encrypt_secret(data.api_key)
        connector.api_key_hint = secret_hint(data.api_key)
    if data.hmac_key:
        connector.hmac_key_encrypted = encrypt_secret(data.hmac_key)
        connector.hmac_key_hint = secret_hint(data.hmac_key)
    _set_countries(connector, data.countries)
    db.session.flush()

    after = {
        **_connector_state(connector),
        "api_key": "new" if data.api_key else "unchanged",
        "hmac_key": "new" if data.hmac_key else "unchanged",
    }
    if creating:
        after = {key: value for key, value in after.items() if value != "unchanged"}
    audit.record(
        "payments.connector_created" if creating else "payments.connector_updated",
        "payment_connector", connector.id, before=before, after=after, reason=reason,
    )
    return connector


def _set_countries(
    connector: PaymentConnectorConfig, pairs: tuple[tuple[str, str], ...]
) -> None:
    from backoffice.payments.changes import killable

    wanted = dict(pairs)
    for code in wanted:
        other = served_country(code)
        if other is not None and other.connector is not connector:
            raise OperationError(
                _("%(code)s is already served by the connector %(name)s.",
                  code=code, name=other.connector.name),
                "countries",
            )
    for link in list(connector.countries):
        country = db.session.get(Country, link.country_code)
        leaving = link.country_code not in wanted
        changing = not leaving and wanted[link.country_code] != link.currency
        if (leaving or changing) and country is not None and killable(country):
            raise OperationError(
                _("Online payment is on (or scheduled) for %(code)s: turn it off with the kill "
                  "switch before changing how %(code)s is served.", code=link.country_code),
                "countries",
            )
        if leaving:
            connector.countries.remove(link)
        elif changing:
            link.currency = wanted[link.country_code]
            link.methods = []
    db.session.flush()
    present = {link.country_code for link in connector.countries}
    for code, currency in pairs:
        if code not in present:
            connector.countries.append(
                ConnectorCountry(country_code=code, currency=currency, methods=[])
            )


def _provider(connector: PaymentConnectorConfig, factory: ConnectorFactory | None = None
              ) -> PaymentConnector:
    return (factory or build_payment_connector)(settings_for(connector))


# --- countries: methods and health checks ----------------------------------------------


def _served_or_refuse(country_code: str) -> ConnectorCountry:
    link = served_country(country_code)
    if link is None:
        raise OperationError(
            _("No Adyen connector serves %(code)s: add the country to a connector first.",
              code=country_code)
        )
    return link


def shopper_locale(country_code: str) -> str:
    """The country's default locale as Adyen writes it (``fr-FR``)."""
    country = db.session.get(Country, country_code)
    locale = country.default_locale if country is not None else None
    return (locale or f"en_{country_code}").replace("_", "-")


@dataclass(frozen=True)
class AdyenMethods:
    """What Adyen reports for a country: configured settings and what shoppers are offered."""

    settings: list[MethodSetting]
    offered: list[PaymentMethodInfo]
    settings_error: str | None = None
    offered_error: str | None = None


def adyen_methods(country_code: str, factory: ConnectorFactory | None = None) -> AdyenMethods:
    """Ask Adyen now; each failure becomes a message, nothing is stored."""
    link = _served_or_refuse(country_code)
    settings: list[MethodSetting] = []
    offered: list[PaymentMethodInfo] = []
    settings_error = offered_error = None
    try:
        provider = _provider(link.connector, factory)
    except PaymentProviderError as error:
        return AdyenMethods([], [], error.message, error.message)
    try:
        settings = provider.merchant_payment_method_settings(country_code, link.currency)
    except PaymentProviderError as error:
        settings_error = error.message
    try:
        result = provider.health_check(
            country_code, link.currency, HEALTH_CHECK_AMOUNT_MINOR, shopper_locale(country_code)
        )
        offered = list(result.methods)
    except PaymentProviderError as error:
        offered_error = error.message
    return AdyenMethods(settings, offered, settings_error, offered_error)


def choose_methods(
    country_code: str, methods: Iterable[str], *, offered: Iterable[str] | None = None,
    reason: str | None = None,
) -> ConnectorCountry:
    """Store which methods the country offers. With ``offered``, only those may be chosen."""
    link = _served_or_refuse(country_code)
    chosen: list[str] = []
    allowed = set(offered) if offered is not None else None
    for method in methods:
        method = (method or "").strip()
        if not method or method in chosen:
            continue
        if not _METHOD_TYPE.fullmatch(method):
            raise OperationError(_('"%(value)s" is not a payment method type.', value=method),
                                 "methods")
        if allowed is not None and method not in allowed:
            raise OperationError(
                _("Adyen does not offer %(method)s for %(code)s in %(currency)s.",
                  method=method, code=country_code, currency=link.currency),
                "methods",
            )
        chosen.append(method)
    before = list(link.methods or [])
    if before == chosen:
        return link
    country = db.session.get(Country, country_code)
    if not chosen and country is not None:
        from backoffice.payments.changes import killable

        if killable(country):
            raise OperationError(
                _("Online payment is on (or scheduled) for %(code)s: keep at least one method, "
                  "or turn payment off with the kill switch first.", code=country_code),
                "methods",
            )
    link.methods = chosen
    db.session.flush()
    audit.record(
        "payments.methods_chosen", "country", country_code,
        before={"methods": before}, after={"methods": chosen}, reason=reason,
        country_code=country_code,
    )
    return link


def run_health_check(
    country_code: str, *, actor: object = None, factory: ConnectorFactory | None = None,
    now: datetime | None = None,
) -> HealthCheck:
    """Ask Adyen which methods a shopper of the country is offered, and record the answer.

    A failure is recorded too (with a message for finance); nothing is switched on here.
    """
    link = _served_or_refuse(country_code)
    connector = link.connector
    check = HealthCheck(
        connector_id=connector.id, country_code=country_code, currency=link.currency,
        checked_at=now or utcnow(), checked_by_id=getattr(actor, "id", None),
    )
    try:
        result = _provider(connector, factory).health_check(
            country_code, link.currency, HEALTH_CHECK_AMOUNT_MINOR, shopper_locale(country_code)
        )
    except PaymentProviderError as error:
        check.ok = False
        check.methods = []
        check.error_kind = error.kind.value
        check.error_message = error.message
    else:
        check.methods = list(result.method_types)
        check.elapsed_ms = result.elapsed_ms
        check.ok = result.ok
        if not result.ok:
            check.error_kind = ErrorKind.CONFIGURATION.value
            check.error_message = _(
                "Adyen answered but offers no payment method to shoppers in %(code)s paying in "
                "%(currency)s. Enable methods for this country and currency on the merchant "
                "account %(account)s.",
                code=country_code, currency=link.currency, account=connector.merchant_account,
            )
    db.session.add(check)
    db.session.flush()
    audit.record(
        "payments.health_checked", "payment_connector", connector.id,
        after={"country": country_code, "currency": link.currency, "ok": check.ok,
               "methods": check.methods, "error_kind": check.error_kind},
        country_code=country_code, actor=actor,
    )
    return check
