"""The launch gates: one place that says whether a country may move to a stage.

The console, the CLI and both APIs ask here. The gates of each stage are an explicit list
below; each domain contributes the function that knows its condition (translation
coverage, ID-check policy, payment configuration), and each gate says pass or fail in a
sentence a person understands. The gates into ``live`` keep being asked after launch: a
live country whose gates fail now is *at risk* (``risks``).

What the gates read for many countries (catalog counters, ID-check policies, providers)
is loaded once, in a ``GateContext``, so a page listing every country sends the same
number of queries for 5 countries or 250.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from backoffice.catalogs.domains import APP_DOMAIN  # noqa: F401
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations.queries import catalogs_for_locales
from backoffice.core.db import utcnow
from backoffice.core.gates import Gate, blocking
from backoffice.countries.models import Country, Stage
from backoffice.countries.state import CountryState, states_of
from backoffice.idchecks import operations as idchecks
from backoffice.moderation.coverage import moderation_gates, moderation_risk
from backoffice.monitoring.health import latest_checks, payment_health
from backoffice.payments.gates import payment_gates
from backoffice.playbook.gates import playbook_gates

__all__ = ["Gate", "GateContext", "blocking", "gates_for", "incomplete_locales",
           "readiness", "risks"]



@dataclass
class GateContext:
    """What the gates of a set of countries read, loaded once."""

    at: datetime
    states: dict[str, CountryState]
    catalogs: dict[str, Catalog]  # app catalogs by locale
    policies: dict[str, Any]
    providers: Mapping[str, Any]
    health: dict[str, Any] = field(default_factory=dict)  # last health check by country
    loaded: dict[str, Any] = field(default_factory=dict)  # what other domains' gates read once

    @classmethod
    def load(cls, countries: Iterable[Country], at: datetime | None = None) -> GateContext:
        at = at or utcnow()
        countries = list(countries)
        locales = sorted({code for c in countries for code in c.locale_codes})
        return cls(
            at=at,
            states=states_of(countries, at),
            catalogs={c.locale_code: c for c in catalogs_for_locales(locales)
                      if c.domain == APP_DOMAIN},
            policies=idchecks.policies_for(c.code for c in countries),
            providers=idchecks.providers(),
            health=latest_checks(c.code for c in countries),
        )


# --- the gates into live -------------------------------------------------------------------


def has_locales(country: Country, ctx: GateContext) -> list[Gate]:
    ok = bool(country.locale_codes)
    return [Gate(
        "locales", ok,
        _("Locales: %(locales)s.", locales=", ".join(country.locale_codes)) if ok
        else _("The country has no locale yet."),
    )]


def ride_rules(country: Country, ctx: GateContext) -> list[Gate]:
    seats = country.max_seats_per_ride
    ok = seats is not None and 1 <= seats <= 8
    return [Gate(
        "ride_rules", ok,
        _("Ride rules are set: at most %(n)d seats per ride.", n=seats) if ok
        else _("Ride rules are not set: choose the maximum seats per ride (1 to 8)."),
    )]


def translation(country: Country, ctx: GateContext) -> list[Gate]:
    """Each locale's ``app`` catalog at the country's threshold, with no failing check."""
    threshold = country.translation_threshold or 100
    gates = []
    for locale in country.locale_codes:
        catalog = ctx.catalogs.get(locale)
        if catalog is None:
            gates.append(Gate(f"catalog_{locale}", False, _(
                "%(locale)s app: there is no catalog yet.", locale=locale)))
            continue
        total = catalog.total_count
        done = catalog.translated_count + catalog.reviewed_count + catalog.inherited_count
        percent = done * 100 // total if total else 0
        gates.append(Gate(
            f"catalog_{locale}", total > 0 and done * 100 >= threshold * total,
            _("%(locale)s app: %(done)d of %(total)d messages translated (%(percent)d %%), "
              "%(needed)d %% needed.", locale=locale, done=done, total=total,
              percent=percent, needed=threshold),
        ))
        if catalog.failing_count:
            gates.append(Gate(f"catalog_{locale}_checks", False, _(
                "%(locale)s app: %(count)d messages fail an error check.", locale=locale,
                count=catalog.failing_count)))
    return gates


def idcheck(country: Country, ctx: GateContext) -> list[Gate]:
    row = ctx.policies.get(country.code)
    if row is None or not idchecks.as_policy(row).required:
        return [Gate("idcheck", True, _("No ID check is required in %(code)s.",
                                        code=country.code))]
    valid, findings = idchecks.policy_status(row, ctx.providers)
    gates = [Gate(
        "idcheck", valid,
        _("The ID-check policy is valid (providers: %(providers)s).",
          providers=", ".join(row.providers)) if valid
        else _("The ID-check policy is not valid."),
    )]
    for finding in findings:
        severity = "warning" if finding.severity == "warning" else "error"
        gates.append(Gate(f"idcheck_{finding.field}", False, finding.message, severity))
    return gates


# --- the gates into payments_live -------------------------------------------------------------


def payment(country: Country, ctx: GateContext) -> list[Gate]:
    return [Gate(f"payment_{gate.id}", gate.passed, gate.message, gate.severity, gate.title)
            for gate in payment_gates(country, ctx.at, state=ctx.states[country.code])]


GateProvider = Callable[[Country, GateContext], list[Gate]]

# Target stage -> the functions that give its gates, in display order.
GATES: dict[str, tuple[GateProvider, ...]] = {
    Stage.LIVE.value: (has_locales, ride_rules, translation, idcheck, moderation_gates,
                       playbook_gates(Stage.LIVE.value)),
    Stage.PAYMENTS_LIVE.value: (payment, playbook_gates(Stage.PAYMENTS_LIVE.value)),
}


# What else puts a live country at risk, beside its gates into live failing now.
RISK_SOURCES: tuple[GateProvider, ...] = (payment_health, moderation_risk)


def _context(country: Country, ctx: GateContext | None) -> GateContext:
    return ctx if ctx is not None and country.code in ctx.states else GateContext.load([country])


def gates_for(country: Country, target: Stage | str, ctx: GateContext | None = None
              ) -> list[Gate]:
    ctx = _context(country, ctx)
    return [gate for provider in GATES.get(str(target), ()) for gate in provider(country, ctx)]


def readiness(country: Country, ctx: GateContext | None = None) -> dict[str, list[Gate]]:
    """Every gate of every gated stage, for the readiness checklist."""
    ctx = _context(country, ctx)
    return {stage: gates_for(country, stage, ctx) for stage in GATES}


def risks(countries: Iterable[Country], ctx: GateContext | None = None
          ) -> dict[str, list[Gate]]:
    """Live countries whose gates into ``live`` fail now, with the failing gates.

    A launch keeps needing what let it launch: a template push that adds strings, a new
    locale, a policy that became invalid or a missing catalog puts a live country at risk.
    """
    countries = list(countries)
    ctx = ctx or GateContext.load(countries)
    found = {}
    for country in countries:
        state = ctx.states.get(country.code)
        if state is None or state.stage != Stage.LIVE:
            continue
        failing = blocking(gates_for(country, Stage.LIVE, ctx))
        failing += blocking(gate for source in RISK_SOURCES for gate in source(country, ctx))
        if failing:
            found[country.code] = failing
    return found


def incomplete_locales(country: Country, failing: Iterable[Gate]) -> list[str]:
    """The country's locales whose translation gate fails among ``failing`` (in order)."""
    ids = {gate.id for gate in failing}
    return [locale for locale in country.locale_codes
            if f"catalog_{locale}" in ids or f"catalog_{locale}_checks" in ids]
