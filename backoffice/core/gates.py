"""A gate: one condition of a stage move, passed or not, in a sentence a person reads.

Every domain that contributes a condition (translation, ID checks, payment) returns these;
the launch pipeline lists them (``backoffice.launch.gates``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


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


def gate_json(gate: Gate) -> dict[str, Any]:
    """A gate as the admin API answers it."""
    return {"id": gate.id, "passed": gate.passed, "severity": gate.severity,
            "message": gate.message}
