"""Periodic watchers: compare what the one state rule says now with what they saw last.

Each subject (a change, a country, a catalog) has a mark (``notifications.marks``); a
watcher notifies only when the value changes, and only the worker whose update moves the
mark notifies, so several workers, retries and reruns notify once per change.

What they compare comes from the rules' own homes: a country's state and its scheduled
changes from ``countries.state``, being at risk from ``launch.gates.risks``, a catalog's
gate from ``launch.gates``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from backoffice.catalogs.domains import APP_DOMAIN
from backoffice.catalogs.models import Catalog
from backoffice.core.db import db, utcnow
from backoffice.countries.models import ChangeKind, Country
from backoffice.countries.queries import all_countries
from backoffice.countries.state import changes_between, states_of
from backoffice.launch.gates import GateContext, risks
from backoffice.notifications import kinds
from backoffice.notifications.marks import observe
from backoffice.notifications.operations import country_people, locale_people, notify

LOOK_BACK = timedelta(days=7)  # a worker down for a few days still reports what it missed


def watch_moves(now: datetime | None = None) -> int:
    """A scheduled move (or switch-on) whose time has come and that took effect."""
    now = now or utcnow()
    due = [c for c in changes_between(now - LOOK_BACK, now)
           if c.created_at < c.effective_at and c.status in ("scheduled", "applied")]
    if not due:
        return 0
    countries = {c.code: c for c in db.session.scalars(
        select(Country).where(Country.code.in_({c.country_code for c in due})))}
    states = states_of(countries.values(), now)
    told = 0
    for change in due:
        country = countries.get(change.country_code)
        state = states.get(change.country_code)
        if country is None or state is None or any(c.id == change.id for c in state.skipped):
            continue
        if observe(f"move:{change.id}", "done", now) is None:
            continue
        stage = "payments_live" if change.kind == ChangeKind.PAYMENT else change.to_stage
        people = country_people(country)
        if change.requested_by is not None:
            people.append(change.requested_by)
        told += len(notify(people, kinds.MOVE_DONE, key=f"move:{change.id}",
                           params={"country": country.code, "stage": stage},
                           link=f"/countries/{country.code}/readiness",
                           country_code=country.code))
    return told


def watch_risks(countries: list[Country], ctx: GateContext, now: datetime) -> int:
    """A country that comes to be at risk (each time it does)."""
    at_risk = risks(countries, ctx)
    told = 0
    for country in countries:
        failing = at_risk.get(country.code)
        moved = observe(f"risk:{country.code}", "risk" if failing else "ok", now)
        if moved is None or not failing:
            continue
        told += len(notify(
            country_people(country), kinds.COUNTRY_AT_RISK,
            key=f"risk:{country.code}:{moved[1]}",
            params={"country": country.code,
                    "reasons": " ".join(gate.message for gate in failing)[:1000]},
            link=f"/countries/{country.code}/readiness", country_code=country.code))
    return told


def catalog_gate(catalog: Catalog, needed: int) -> tuple[str, int]:
    """Where a catalog stands against the strictest threshold of the countries using it:
    ``complete`` (every message), ``passing`` or ``below``, with its percentage."""
    total = catalog.total_count
    done = catalog.translated_count + catalog.reviewed_count + catalog.inherited_count
    percent = done * 100 // total if total else 0
    if total and done >= total and not catalog.failing_count:
        return "complete", percent
    if total and done * 100 >= needed * total and not catalog.failing_count:
        return "passing", percent
    return "below", percent


def watch_catalogs(countries: list[Country], ctx: GateContext, now: datetime) -> int:
    """A catalog that becomes complete, or falls below its gate again after passing it."""
    needed: dict[str, int] = {}
    for country in countries:
        for locale in country.locale_codes:
            needed[locale] = max(needed.get(locale, 0), country.translation_threshold or 100)
    told = 0
    for locale, catalog in sorted(ctx.catalogs.items()):
        threshold = needed.get(locale, 100)
        value, percent = catalog_gate(catalog, threshold)
        moved = observe(f"catalog:{APP_DOMAIN}:{locale}", value, now)
        if moved is None or moved[0] is None:
            continue  # unchanged, or seen for the first time: nothing new to tell
        previous, number = moved
        if value == "complete":
            kind = kinds.CATALOG_COMPLETE
        elif value == "below" and previous in ("passing", "complete"):
            kind = kinds.CATALOG_BELOW_GATE
        else:
            continue
        told += len(notify(
            locale_people(locale), kind, key=f"catalog:{APP_DOMAIN}:{locale}:{number}",
            params={"locale": locale, "domain": APP_DOMAIN, "total": catalog.total_count,
                    "percent": percent, "needed": threshold},
            link=f"/catalogs/{APP_DOMAIN}/{locale}/"))
    return told


def watch_all(now: datetime | None = None) -> int:
    """One round of every watcher (the periodic task ``notifications.watch``)."""
    from backoffice.countries import state_log

    now = now or utcnow()
    state_log.apply_due(now)  # write down what readers already see
    told = watch_moves(now)
    countries = all_countries()
    ctx = GateContext.load(countries, now)
    told += watch_risks(countries, ctx, now)
    told += watch_catalogs(countries, ctx, now)
    return told

