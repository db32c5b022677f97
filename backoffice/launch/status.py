"""What the head of a country's pages shows: its state now, and whether it is at risk."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.core.gates import Gate
from backoffice.countries.models import Country
from backoffice.countries.state import CountryState
from backoffice.launch.gates import GateContext, risks


@dataclass(frozen=True)
class CountryStatus:
    state: CountryState
    at_risk: list[Gate]


def status_of(country: Country) -> CountryStatus:
    ctx = GateContext.load([country])
    return CountryStatus(ctx.states[country.code], risks([country], ctx).get(country.code, []))
