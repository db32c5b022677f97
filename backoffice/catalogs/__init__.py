"""The translation workspace: gettext catalogs kept in the database, edited in the console."""

from flask_babel import lazy_gettext as _l

from backoffice.core.navigation import COUNTRY_SECTIONS
from backoffice.core.permissions import Permission

_SECTION = ("catalogs.country", Permission.CATALOGS_READ, _l("Translations"))
if _SECTION not in COUNTRY_SECTIONS:
    COUNTRY_SECTIONS.append(_SECTION)
