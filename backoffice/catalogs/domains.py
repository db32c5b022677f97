"""Which gettext domains are the product's catalogs: the one rule every tool asks.

The product's strings are domains such as ``app``, with their templates in
``LOCALES_DIR/<domain>.pot``. The console's own strings (``backoffice``) are not a product
catalog: they ship with the code, reviewed like code, and are never imported, pushed,
updated, compiled or served through the product's catalog tools.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from backoffice.core.errors import OperationError

CONSOLE_DOMAIN = "backoffice"
# The apps' own domain: the one the launch gates and the planning count.
APP_DOMAIN = "app"
MAX_DOMAIN_LENGTH = 64
_PLAIN = re.compile(r"[a-z][a-z0-9_-]{0,63}")


def is_product_domain(name: object) -> bool:
    return isinstance(name, str) and bool(_PLAIN.fullmatch(name)) and name != CONSOLE_DOMAIN


def validate_domain(name: object, field: str = "domain") -> str:
    """A product domain's name, or a clear refusal (for the console's own one too)."""
    text = name.strip() if isinstance(name, str) else ""
    if text == CONSOLE_DOMAIN:
        raise OperationError(_(
            "The console's own texts (the %(name)s domain) ship with the code; they are not "
            "a product catalog and cannot be changed here.", name=CONSOLE_DOMAIN), field)
    if not is_product_domain(text):
        raise OperationError(_(
            "A domain is a plain lower-case name such as app (letters, digits, - and _)."),
            field)
    return text
