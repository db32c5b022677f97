"""Demo candidates: twelve countries with their indicators, asked of the local Adyen.

The demo asks the local Adyen stand-in (started here on a free port, with the demo's own
data) through the payments connector interface, as the console's button does with the
configured connector.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.opportunities import operations
from backoffice.opportunities.models import Candidate

SURVEY = "Launch team survey of local partners"
WORLD_BANK = "World Bank, World Development Indicators"
PAYMENTS = "Payment practices study, local partner bank"
MARKET = "Market scan by the launch team"
# code: (locales, similar countries, hitchhiking, trips, online payment %, population M,
#        competitors)
DEMO_CANDIDATES: dict[str, tuple[list[str], list[str], float, float, float, float, int]] = {
    "AR": (["es_AR"], ["ES", "MX"], 7, 6, 35, 46, 1),
    "AT": (["de_AT"], ["DE", "CH"], 6, 8, 70, 9, 1),
    "CL": (["es_CL"], ["ES", "MX"], 7, 5, 40, 20, 1),
    "CO": (["es_CO"], ["MX", "ES"], 5, 4, 30, 52, 2),
    "CZ": (["cs_CZ"], ["PL", "DE"], 8, 7, 60, 11, 2),
    "GR": (["el_GR"], ["IT", "ES"], 6, 5, 45, 10, 0),
    "HU": (["hu_HU"], ["PL"], 7, 6, 55, 10, 1),
    "IE": (["en_IE"], ["GB"], 4, 6, 80, 5, 2),
    "RO": (["ro_RO"], ["PL", "IT"], 8, 5, 35, 19, 1),
    "TR": (["tr_TR"], ["DE"], 6, 6, 50, 85, 3),
    "UA": (["uk_UA"], ["PL", "RU"], 9, 7, 45, 38, 1),
    "CA": (["en_CA", "fr_CA"], ["FR", "GB"], 3, 5, 85, 40, 2),
}
AS_OF = date(2026, 10, 1)


@contextmanager
def local_adyen_factory() -> Iterator[Callable[[Any], Any]]:
    """A connector factory that sends the demo connector's calls to a local stand-in."""
    from connectors.payments.build import build_payment_connector
    from connectors.payments.local_adyen import (
        checkout_base_url,
        load_data,
        management_base_url,
        run_local_adyen,
    )

    quiet = logging.getLogger("werkzeug")
    level, quiet.level = quiet.level, logging.WARNING  # no line per request in the demo
    with run_local_adyen(load_data()) as base_url:
        def factory(settings: Any) -> Any:
            return build_payment_connector(replace(
                settings, checkout_base_url=checkout_base_url(base_url),
                management_base_url=management_base_url(base_url),
                allowed_hosts=(*settings.allowed_hosts, base_url.split("//", 1)[1])))

        try:
            yield factory
        finally:
            quiet.level = level


def load_candidates() -> int:
    changed = 0
    for code, (locales, similar, hitch, trips, online, people, rivals) in \
            DEMO_CANDIDATES.items():
        if (db.session.get(Candidate, code) is not None
                or db.session.get(Country, code) is not None):
            continue
        row = operations.save_candidate(None, code=code, locales=locales,
                                        similar_to=similar, reason="demo data")
        for key, value, source in (("hitchhiking", hitch, SURVEY),
                                   ("long_distance_travel", trips, SURVEY),
                                   ("online_payment_share", online, PAYMENTS),
                                   ("population", people, WORLD_BANK),
                                   ("competitors", rivals, MARKET)):
            operations.set_indicator(row, key, value, source=source, as_of=AS_OF,
                                     reason="demo data")
        changed += 1
    return changed


def load_opportunities() -> int:
    changed = load_candidates()
    unasked = [c for c in operations.candidates()
               if c.payment_checked_at is None and not c.created_country]
    if unasked and _has_connector():
        with local_adyen_factory() as factory:
            for candidate in unasked:
                operations.refresh_payments(candidate, factory=factory)
    return changed


def _has_connector() -> bool:
    from backoffice.payments.operations import list_connectors

    return bool(list_connectors())
