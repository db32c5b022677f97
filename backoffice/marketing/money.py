"""Reading and showing amounts: exact decimals, formatted for the reader's locale."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision, list_currencies
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _

from backoffice.core.errors import OperationError

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def reader_locale() -> str:
    return str(get_locale()) if has_request_context() else "en"


def format_money(amount: Decimal | int | None, currency: str, locale: str | None = None) -> str:
    """``1 234,56 zł`` for a Polish reader, ``PLN1,234.56`` for an English one."""
    if amount is None:
        return ""
    return format_currency(amount, currency, locale=locale or reader_locale())


def validate_currency(value: str, field: str = "currency") -> str:
    code = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code) or code not in list_currencies():
        raise OperationError(
            _('"%(value)s" is not an ISO 4217 currency code (such as EUR or PLN).',
              value=value),
            field,
        )
    return code


def parse_decimal(value: object, field: str, label: str) -> Decimal:
    """A number typed by a person: spaces allowed, a dot or a comma for the decimals."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        text = _SPACES.sub("", str(value if value is not None else ""))
        if "," in text and "." in text:  # the last one is the decimal separator
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            group_mark = "." if decimal_mark == "," else ","
            text = text.replace(group_mark, "").replace(decimal_mark, ".")
        else:
            text = text.replace(",", ".")
        if not text:
            raise OperationError(_("%(label)s is required.", label=label), field)
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
    if not number.is_finite():
        raise OperationError(
            _('%(label)s: "%(value)s" is not a number.', label=label, value=value), field
        )
    return number


def parse_amount(value: object, currency: str, field: str, label: str) -> Decimal:
    """A non-negative amount with no more decimals than the currency has."""
    number = parse_decimal(value, field, label)
    if number < 0:
        raise OperationError(_("%(label)s cannot be negative.", label=label), field)
    # Before rounding: a number past the decimal context's precision cannot be rounded.
    if number >= Decimal("1e12"):
        raise OperationError(_("%(label)s is too large.", label=label), field)
    digits = get_currency_precision(currency)
    quantum = Decimal(1).scaleb(-digits)
    if number != number.quantize(quantum, rounding=ROUND_HALF_EVEN):
        raise OperationError(
            _("%(label)s has more than %(digits)d decimals for %(currency)s.",
              label=label, digits=digits, currency=currency),
            field,
        )
    return number.quantize(quantum)


def parse_percent(value: object, field: str, label: str) -> Decimal:
    number = parse_decimal(value, field, label)
    if number < 0 or number > 100:
        raise OperationError(
            _("%(label)s must be between 0 and 100.", label=label), field
        )
    if number != number.quantize(Decimal("0.01")):
        raise OperationError(_("%(label)s: at most 2 decimals.", label=label), field)
    return number.quantize(Decimal("0.01"))


def share_of(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    quantum = Decimal(1).scaleb(-get_currency_precision(currency))
    return (amount * percent / 100).quantize(quantum, rounding=ROUND_HALF_EVEN)
