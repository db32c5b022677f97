"""Gates other domains contribute to the launch pipeline, as one list per target stage."""

from __future__ import annotations

from flask_babel import gettext as _

from backoffice.catalogs.operations import catalogs_for_locales
from backoffice.countries.models import Country, Stage
from backoffice.idchecks import operations as idchecks
from backoffice.launch.gates import Gate, register
from backoffice.payments.gates import payment_gates

APP_DOMAIN = "app"


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


def translation_gates(country: Country) -> list[Gate]:
    """Each locale's ``app`` catalog at the country's threshold, with no failing check."""
    found = {c.locale_code: c for c in catalogs_for_locales(country.locale_codes)
             if c.domain == APP_DOMAIN}
    threshold = country.translation_threshold or 100
    gates = []
    for locale in country.locale_codes:
        catalog = found.get(locale)
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


def payments_gates(country: Country) -> list[Gate]:
    return [Gate(f"payment_{gate.id}", gate.passed, gate.message)
            for gate in payment_gates(country)]


register(Stage.LIVE, translation_gates)
register(Stage.LIVE, idcheck_gates)
register(Stage.PAYMENTS_LIVE, payments_gates)
