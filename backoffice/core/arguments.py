"""Numbers and dates from URLs, query strings and forms, within what the database can hold.

A number past 64 bits reaches SQLite as an OverflowError; past 32 bits, PostgreSQL refuses
to compare it with an `integer` column (every id, version and number of this schema is
one); a date at the end of the calendar overflows as soon as a day or a time zone is added
to it. All are refused here, where they enter, with a message: `<int:...>` route parts by
the converter the app registers in place of Werkzeug's, query and form numbers by
`int_arg`, dates by `parse_date` and `DateInRange`.
"""

from __future__ import annotations

import builtins
import re
from datetime import date
from typing import Any, overload

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, Map, ValidationError
from wtforms.validators import ValidationError as FieldError

from backoffice.core.errors import OperationError

MAX_INT64 = 2**63 - 1
# The largest value of an integer column (PostgreSQL's `integer` is 32 bits).
MAX_INTEGER = 2**31 - 1
# Far beyond any real listing, and small enough that page * page size stays a SQL integer.
MAX_PAGE = 1_000_000
# No date this product handles (audit filters, scheduled changes) is outside these; both
# leave room for a day or a time zone either side without leaving the calendar.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)

# ASCII digits only: int() would also take Arabic-Indic or full-width digits.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


class ArgumentError(OperationError):
    """A number or a date from the request that the product cannot use."""

    status_code = 400


class BoundedIntegerConverter(IntegerConverter):
    """Werkzeug's `int` converter, refusing what no integer column holds.

    A refused value does not match the rule, so the answer is the 404 of any unknown
    address; the view never sees it.
    """

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        # The names are Werkzeug's: rules pass them as keywords, e.g. <int(max=9):n>.
        upper = MAX_INTEGER if max is None else builtins.min(max, MAX_INTEGER)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=upper, signed=signed)

    def to_python(self, value: str) -> Any:
        if len(value.lstrip("-")) > len(str(MAX_INTEGER)):
            raise ValidationError()  # refused before int() spends time on it
        return super().to_python(value)


def bounded_int(text: str, name: str, *, minimum: int = 0, maximum: int = MAX_INTEGER) -> int:
    """`text` as an integer from `minimum` to `maximum`, or an `ArgumentError` naming `name`."""
    value = text.strip()
    if not _INTEGER.fullmatch(value) or not minimum <= int(value) <= maximum:
        raise ArgumentError(
            _("%(name)s must be a whole number from %(minimum)d to %(maximum)d.",
              name=name, minimum=minimum, maximum=maximum),
            name,
        )
    return int(value)


@overload
def int_arg(
    name: str,
    default: int,
    *,
    minimum: int = ...,
    maximum: int = ...,
    source: MultiDict[str, str] | None = ...,
) -> int: ...


@overload
def int_arg(
    name: str,
    default: None = ...,
    *,
    minimum: int = ...,
    maximum: int = ...,
    source: MultiDict[str, str] | None = ...,
) -> int | None: ...


def int_arg(
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_INTEGER,
    source: MultiDict[str, str] | None = None,
) -> int | None:
    """An integer of the query string (or of `source`, e.g. `request.form`).

    Absent or empty gives `default`; anything else must be a whole number in range.
    """
    values = request.args if source is None else source
    raw = values.get(name)
    if raw is None or not raw.strip():
        return default
    return bounded_int(raw, name, minimum=minimum, maximum=maximum)


def page_arg(name: str = "page", source: MultiDict[str, str] | None = None) -> int:
    """A page number, 1 when absent."""
    return int_arg(name, 1, minimum=1, maximum=MAX_PAGE, source=source)


def _date_range_message(name: str) -> str:
    return _("%(name)s must be a date from %(first)s to %(last)s.",
             name=name, first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())


def check_date(value: date, name: str) -> date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ArgumentError(_date_range_message(name), name)
    return value


def parse_date(text: str, name: str) -> date:
    """A `YYYY-MM-DD` date within the product's range, or an `ArgumentError`."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentError(
            _("%(name)s must be a date written YYYY-MM-DD.", name=name), name
        ) from None
    return check_date(value, name)


def date_arg(name: str, source: MultiDict[str, str] | None = None) -> date | None:
    """A date of the query string (or of `source`), None when absent or empty."""
    values = request.args if source is None else source
    raw = values.get(name)
    return parse_date(raw, name) if raw and raw.strip() else None


class DateInRange:
    """WTForms validator: the field's date lies within `DATE_MIN` .. `DATE_MAX`."""

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        if isinstance(value, date) and not DATE_MIN <= value <= DATE_MAX:
            raise FieldError(_("Choose a date from %(first)s to %(last)s.",
                               first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()))
