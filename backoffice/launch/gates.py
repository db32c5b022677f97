"""The launch gates: one place that says whether a country may move to a stage.

The console, the CLI and the API all ask here. Each domain contributes the gates it
knows (translation coverage, ID-check policy, payment configuration) by registering a
function; each gate says pass or fail in a sentence a person understands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from backoffice.countries.models import Country, Stage


@dataclass(frozen=True)
class Gate:
    id: str
    passed: bool
    message: str
    severity: str = "error"  # a failing "warning" gate does not block


GateProvider = Callable[[Country], list[Gate]]

# Target stage -> the functions that give its gates, in display order.
GATE_PROVIDERS: dict[str, list[GateProvider]] = {
    Stage.LIVE.value: [],
    Stage.PAYMENTS_LIVE.value: [],
}


def register(stage: Stage, provider: GateProvider) -> GateProvider:
    GATE_PROVIDERS[stage.value].append(provider)
    return provider


def _ride_rules(country: Country) -> list[Gate]:
    seats = country.max_seats_per_ride
    ok = seats is not None and 1 <= seats <= 8
    return [Gate(
        "ride_rules", ok,
        _("Ride rules are set: at most %(n)d seats per ride.", n=seats) if ok
        else _("Ride rules are not set: choose the maximum seats per ride (1 to 8)."),
    )]


def _has_locales(country: Country) -> list[Gate]:
    ok = bool(country.locale_codes)
    return [Gate(
        "locales", ok,
        _("Locales: %(locales)s.", locales=", ".join(country.locale_codes)) if ok
        else _("The country has no locale yet."),
    )]


register(Stage.LIVE, _has_locales)
register(Stage.LIVE, _ride_rules)


def gates_for(country: Country, target: Stage | str) -> list[Gate]:
    return [gate for provider in GATE_PROVIDERS.get(str(target), []) for gate in
            provider(country)]


def blocking(gates: list[Gate]) -> list[Gate]:
    return [gate for gate in gates if not gate.passed and gate.severity == "error"]


def readiness(country: Country) -> dict[str, list[Gate]]:
    """Every gate of every gated stage, for the readiness checklist."""
    return {stage: gates_for(country, stage) for stage in GATE_PROVIDERS}
