"""Validators shared by forms, the CLI and the API."""

from __future__ import annotations

import re

import pycountry
from flask_babel import gettext as _

from backoffice.core.errors import OperationError

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def validate_country_code(value: str, field: str = "country") -> str:
    code = (value or "").strip()
    if not _COUNTRY_CODE.match(code):
        raise OperationError(
            _('"%(value)s" is not a country code: use two capital letters, such as FR.',
              value=value),
            field,
        )
    if pycountry.countries.get(alpha_2=code) is None:
        raise OperationError(_('"%(value)s" is not an ISO 3166-1 country code.', value=code), field)
    return code
