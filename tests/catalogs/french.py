"""A parent locale and its variant for the workspace tests: fr_FR, and fr_BE on it."""

from __future__ import annotations

from backoffice.catalogs.models import Catalog
from tests.catalogs.workspace import FR_HEADER, import_text, locale

FR = FR_HEADER + '''
msgid "Search rides"
msgstr "Rechercher un trajet"

msgid "Hello %(name)s, open <b>your rides</b>"
msgstr "Bonjour %(name)s, ouvrez <b>vos trajets</b>"

msgid "Book"
msgstr "Réserver"

msgid "Pay"
msgstr ""
'''

BE = FR.replace("fr_FR", "fr_BE").replace('msgstr "Rechercher un trajet"', 'msgstr ""').replace(
    'msgstr "Bonjour %(name)s, ouvrez <b>vos trajets</b>"', 'msgstr ""').replace(
    'msgstr "Réserver"', 'msgstr "Réserver une place"')


def french() -> tuple[Catalog, Catalog]:
    """fr_FR with three of four translated; fr_BE overriding one, inheriting two."""
    locale("fr_FR")
    locale("fr_BE", parent="fr_FR")
    parent = import_text(FR, "fr_FR").catalog
    child = import_text(BE, "fr_BE").catalog
    return parent, child
