"""Candidates, their indicators and the weights: validated, flushed, audited. Asking Adyen,
and creating the country from a candidate (through the countries' own operation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.arguments import DATE_MAX, DATE_MIN
from backoffice.core.db import db, utcnow
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.locale_ids import validate_locale_id
from backoffice.core.validation import validate_country_code
from backoffice.countries.cldr import cldr_defaults
from backoffice.countries.models import Country
from backoffice.opportunities.knowledge import Product
from backoffice.opportunities.models import Candidate, Indicator, Weight
from backoffice.opportunities.ranking import BY_KEY, INDICATOR_KEYS

MAX_LOCALES = 8
MAX_VALUE = Decimal("1e13")


def candidates() -> list[Candidate]:
    return list(db.session.scalars(select(Candidate).order_by(Candidate.code)))


def get_candidate(code: str) -> Candidate:
    row = db.session.get(Candidate, (code or "").strip().upper()[:2])
    if row is None:
        raise NotFoundError(_("%(code)s is not a candidate.", code=code))
    return row


def candidate_state(row: Candidate) -> dict[str, Any]:
    return {"locales": list(row.locales or []), "similar_to": list(row.similar_to or []),
            "notes": row.notes}


def _locales(values: list[str], code: str) -> list[str]:
    found: list[str] = []
    for value in values:
        locale = validate_locale_id((value or "").strip(), "locales")
        if locale not in found:
            found.append(locale)
    if len(found) > MAX_LOCALES:
        raise OperationError(_("At most %(n)d locales.", n=MAX_LOCALES), "locales")
    return found


def save_candidate(row: Candidate | None, *, code: str | None = None,
                   locales: list[str] | None = None, similar_to: list[str] | None = None,
                   notes: str | None = None, expected_version: int | None = None,
                   actor: object = None, reason: str | None = None) -> Candidate:
    """A new candidate (``code``; locales default to CLDR's), or a change to one."""
    if row is None:
        code = validate_country_code(code or "", "code")
        if db.session.get(Candidate, code) is not None:
            raise OperationError(_("%(code)s is already a candidate.", code=code), "code")
        if db.session.get(Country, code) is not None:
            raise OperationError(_("%(code)s is already a country of the product.",
                                   code=code), "code")
        if locales is None:
            locales = [spec.code for spec in cldr_defaults(code).locales]
        row = Candidate(code=code, version=1, locales=[], similar_to=[], notes="",
                        payment_methods=[])
        before = None
    else:
        if expected_version is not None and expected_version != row.version:
            raise ConflictError(_("Someone changed this entry while you were editing. "
                                  "Reload and try again."), "version")
        before = candidate_state(row)
    if locales is not None:
        row.locales = _locales(locales, row.code)
    if similar_to is not None:
        row.similar_to = sorted({validate_country_code(c, "similar_to") for c in similar_to
                                 if (c or "").strip()})
    if notes is not None:
        if len(notes) > 5000:
            raise OperationError(_("Notes are text of at most 5,000 characters."), "notes")
        row.notes = notes
    after = candidate_state(row)
    if before == after:
        return row
    if before is None:
        db.session.add(row)
    else:
        row.version += 1
    row.updated_at = utcnow()
    db.session.flush()
    audit.record("opportunity.candidate_saved", "candidate", row.code, before=before,
                 after=after, reason=reason, actor=actor)
    return row


def _number(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        raise OperationError(_("Write a number."), field)
    return number.quantize(Decimal("0.01"))


def set_indicator(candidate: Candidate, key: str, value: Any, *, source: str,
                  as_of: date, actor: object = None, reason: str | None = None) -> Indicator:
    """One figure the team keeps on a candidate, with its source and date."""
    if key not in INDICATOR_KEYS:
        raise OperationError(_("Choose an indicator."), "key")
    number = _number(value, "value")
    source = (source or "").strip()
    if not source or len(source) > 300:
        raise OperationError(_("Say where the figure comes from (at most 300 characters)."),
                             "source")
    if not isinstance(as_of, date) or not DATE_MIN <= as_of <= DATE_MAX:
        raise OperationError(_("Choose a date from %(first)s to %(last)s.",
                               first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()), "as_of")
    row = next((i for i in candidate.indicators if i.key == key), None)
    before = ({"value": str(Decimal(row.value).quantize(Decimal("0.01"))),
               "source": row.source, "as_of": row.as_of.isoformat()} if row else None)
    after = {"value": str(number), "source": source, "as_of": as_of.isoformat()}
    if row is not None and before == after:
        return row
    if row is None:
        row = Indicator(key=key, value=number, source=source, as_of=as_of)
        candidate.indicators.append(row)
    else:
        row.value, row.source, row.as_of = number, source, as_of
    db.session.flush()
    audit.record("opportunity.indicator_set", "candidate", candidate.code,
                 before={key: before} if before else None, after={key: after},
                 reason=reason, actor=actor)
    return row


def set_weights(chosen: dict[str, Any], *, actor: object = None,
                reason: str | None = None) -> dict[str, float]:
    from backoffice.opportunities.ranking import weights

    before = weights()
    for key, value in chosen.items():
        if key not in BY_KEY:
            raise OperationError(_("Unknown criterion: %(name)s.", name=key), "weights")
        number = _number(value, key)
        if not Decimal(0) <= number <= Decimal(100):
            raise OperationError(_("A weight goes from 0 to 100."), key)
        row = db.session.get(Weight, key)
        if row is None:
            db.session.add(Weight(key=key, weight=number))
        else:
            row.weight, row.updated_at = number, utcnow()
    db.session.flush()
    after = weights()
    if before != after:
        audit.record("opportunity.weights_set", "opportunity_weights", "ranking",
                     before=before, after=after, reason=reason, actor=actor)
    return after


def currency_of(code: str) -> str:
    defaults = cldr_defaults(code)
    return defaults.currency or (defaults.currencies[0] if defaults.currencies else "")


def refresh_payments(candidate: Candidate, *, factory: Any = None, actor: object = None
                     ) -> Candidate:
    """Ask Adyen's Management API which methods are usable for the country and currency,
    through the first payment connector (the local stand-in in tests and the demo)."""
    from backoffice.payments.connector_settings import settings_for
    from backoffice.payments.operations import list_connectors
    from connectors.payments import PaymentProviderError
    from connectors.payments.build import build_payment_connector

    connectors = list_connectors()
    if not connectors:
        raise OperationError(_("No Adyen connector is configured: add one under Payments."))
    currency = currency_of(candidate.code)
    before = {"methods": list(candidate.payment_methods or []),
              "error": candidate.payment_error}
    try:
        provider = (factory or build_payment_connector)(settings_for(connectors[0]))
        settings = provider.merchant_payment_method_settings(candidate.code, currency)
        methods: list[str] = []
        for setting in settings:
            if setting.usable and setting.covers(candidate.code, currency) \
                    and setting.type not in methods:
                methods.append(setting.type)
        candidate.payment_methods, candidate.payment_error = methods, None
    except PaymentProviderError as error:
        candidate.payment_error = error.message[:300]
    candidate.payment_checked_at = utcnow()
    db.session.flush()
    audit.record("opportunity.payments_checked", "candidate", candidate.code, before=before,
                 after={"methods": list(candidate.payment_methods or []),
                        "error": candidate.payment_error, "currency": currency},
                 actor=actor)
    return candidate


def create_country(candidate: Candidate, *, timezone: str | None = None,
                   currency: str | None = None, actor: object = None,
                   reason: str | None = None) -> Country:
    """Create the country from the candidate in one step, with its playbook."""
    from backoffice.countries import operations as countries
    from backoffice.countries.validation import CountryConfig, LocaleSpec
    from backoffice.playbook.operations import instantiate

    if candidate.created_country:
        raise OperationError(_("%(code)s was already created from this candidate.",
                               code=candidate.code))
    defaults = cldr_defaults(candidate.code)
    zone = (timezone or defaults.timezone or "").strip()
    if not zone:
        raise OperationError(_("%(code)s has several time zones: choose one.",
                               code=candidate.code), "timezone")
    money = (currency or defaults.currency or "").strip()
    if not money:
        raise OperationError(_("%(code)s has several currencies: choose one.",
                               code=candidate.code), "currency")
    product = Product.load()
    specs = [LocaleSpec(locale, product.base_of(locale)) for locale in candidate.locales or []]
    text = reason or _("Opened from the opportunity list.")
    country = countries.create_country(candidate.code, CountryConfig(
        locales=specs, currency=money, timezone=zone), reason=text)
    tasks = instantiate(country, actor=actor, reason=text)
    candidate.created_country = country.code
    candidate.version += 1
    db.session.flush()
    audit.record("opportunity.country_created", "candidate", candidate.code,
                 after={"country": country.code, "tasks": len(tasks)}, reason=text,
                 country_code=country.code, actor=actor)
    return country
