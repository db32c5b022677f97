"""What other domains hear of a country: sent inside the change's transaction.

The countries domain sits below those that build on it (catalogs, the launch pipeline),
so it does not call them; the app factory connects their receivers here, in one place
(``backoffice.app``), and a receiver's error rolls the change back with it.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A country's locales were set (created, edited, imported): ``sender`` is the country,
# ``locales`` the locale codes it now uses, ``actor`` who did it.
locales_set = _signals.signal("country-locales-set")
