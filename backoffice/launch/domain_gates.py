"""Gates other domains contribute to the launch pipeline, as one list per target stage."""

from __future__ import annotations

from flask_babel import gettext as _

from backoffice.countries.models import Country, Stage
from backoffice.idchecks import operations as idchecks
from backoffice.launch.gates import Gate, register
from backoffice.payments.gates import payment_gates


def idcheck_gates(country: Country) -> list[Gate]:
    row = idchecks.get_policy(country.code)
    if row is None or not idchecks.as_policy(row).required:
        return [Gate("idcheck", True, _("No ID check is required in %(code)s.",
                                        code=country.code))]
    valid, findings = idchecks.idcheck_policy_status(country)
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


def payments_gates(country: Country) -> list[Gate]:
    return [Gate(f"payment_{gate.id}", gate.passed, gate.message)
            for gate in payment_gates(country)]


register(Stage.LIVE, idcheck_gates)
register(Stage.PAYMENTS_LIVE, payments_gates)
