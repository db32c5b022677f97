"""A gate: one condition of a stage move, passed or not, in a sentence a person reads.

Every domain that contributes a condition (translation, ID checks, payment) returns these;
the launch pipeline lists them (``backoffice.launch.gates``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Gate:
    id: str
    passed: bool
    message: str
    severity: str = "error"  # a failing "warning" gate does not block
    title: str = ""


def blocking(gates: Iterable[Gate]) -> list[Gate]:
    """The gates that stop a move: failing errors (a failing warning does not block)."""
    return [gate for gate in gates if not gate.passed and gate.severity == "error"]
