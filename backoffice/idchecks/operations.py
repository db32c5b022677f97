"""ID-check policies and provider coverage. Operations flush; the caller commits.

The shipped coverage files (``connectors/idcheck/coverage/*.toml``) are the defaults;
an admin's edit is stored in the database and wins. Everything takes and returns plain
data so that the console and the admin API share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.audit import operations as audit
from backoffice.core.db import db
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.core.i18n import lazy_gettext as _l
from backoffice.countries.models import Country
from backoffice.idchecks.models import CountryIdCheckPolicy, ProviderCoverage
from connectors.idcheck import (
    COVERAGE_DIRECTORY,
    MANUAL,
    ConfiguredProvider,
    DocumentType,
    IdCheckProvider,
)
from connectors.idcheck.coverage_file import Coverage, CoverageError, parse_coverage
from connectors.idcheck.policy import (
    Finding,
    IdCheckPolicy,
    MatrixRow,
    coverage_matrix,
    validate_policy,
)
from connectors.idcheck.providers import load_providers

# --- providers and their coverage ----------------------------------------------------------


def _coverage_directory() -> Path:
    """The shipped coverage files; tests point ``IDCHECK_COVERAGE_DIR`` elsewhere."""
    return Path(current_app.config.get("IDCHECK_COVERAGE_DIR") or COVERAGE_DIRECTORY)


MANUAL_LABEL = _l("Manual review (in-house team)")


def shipped_providers() -> dict[str, IdCheckProvider]:
    result = load_providers(_coverage_directory())
    result[MANUAL].display_name = MANUAL_LABEL  # the in-house team, in the reader's language
    return result


def providers() -> dict[str, IdCheckProvider]:
    """Every provider with its current coverage: the database's edit, else the file."""
    result = shipped_providers()
    for row in db.session.scalars(select(ProviderCoverage).order_by(ProviderCoverage.provider)):
        try:
            coverage = parse_coverage(row.toml_text, f"{row.provider}.toml")
        except CoverageError:  # checked when saved; never let one bad row hide the others
            current_app.logger.exception("stored coverage of %s is invalid", row.provider)
            continue
        result[row.provider] = ConfiguredProvider(row.provider, coverage)
    return result


@dataclass
class CoverageSource:
    provider: str
    display_name: str
    text: str
    version: int  # 0: the shipped file, not edited
    edited: bool
    countries: int


def coverage_source(name: str) -> CoverageSource:
    if name == MANUAL:
        raise OperationError(_("The manual review team covers everything; it has no "
                               "coverage file."), "provider")
    row = db.session.get(ProviderCoverage, name)
    path = _coverage_directory() / f"{name}.toml"
    if row is None and not path.is_file():
        raise NotFoundError(_('Unknown ID-check provider "%(name)s".', name=name))
    text = row.toml_text if row is not None else path.read_text(encoding="utf-8")
    provider = providers()[name]
    assert isinstance(provider, ConfiguredProvider)
    return CoverageSource(name, provider.display_name, text, row.version if row else 0,
                          row is not None, len(provider.countries()))


def list_coverage_sources() -> list[CoverageSource]:
    return [coverage_source(name) for name in providers() if name != MANUAL]


class CoverageInvalid(OperationError):
    """A coverage file that does not parse.

    ``fields`` lists ``(field in the file, message)``; ``problems`` puts each of them on
    the form's text field, the file's field named in the message.
    """

    def __init__(self, error: CoverageError) -> None:
        super().__init__(str(error), "toml_text")
        self.fields = list(error.problems)
        self.problems = [
            ("toml_text", f"{name}: {text}" if name else str(error))
            for name, text in error.problems
        ] or [("toml_text", str(error))]


class ImpactNotConfirmed(ConflictError):
    """The change would break country policies that the person has not acknowledged."""

    def __init__(self, impact: dict[str, list[Finding]]) -> None:
        super().__init__(
            _("This change would break the ID-check policy of: %(countries)s. Review the "
              "impact and confirm to save.", countries=", ".join(sorted(impact))),
            "toml_text",
        )
        self.impact = impact


def parse_coverage_text(name: str, text: str) -> Coverage:
    try:
        return parse_coverage(text, f"{name}.toml")
    except CoverageError as error:
        raise CoverageInvalid(error) from None


def coverage_impact(name: str, text: str) -> tuple[Coverage, dict[str, list[Finding]]]:
    """What saving ``text`` as the provider's coverage would break, country by country."""
    from connectors.idcheck.policy import impact_of_coverage_change

    coverage_source(name)  # the provider exists and is not manual
    coverage = parse_coverage_text(name, text)
    impact = impact_of_coverage_change(name, coverage, all_policies(), providers())
    return coverage, impact


def save_coverage(
    name: str,
    text: str,
    *,
    expected_version: int,
    acknowledged: Iterable[str] | None = None,
    reason: str | None = None,
) -> ProviderCoverage:
    """Store the admin's coverage for the provider.

    Refused with :class:`ImpactNotConfirmed` when it breaks a policy whose country is not
    in ``acknowledged`` (the countries the person was shown), and with
    :class:`ConflictError` when someone else saved since ``expected_version``.
    """
    source = coverage_source(name)
    if source.version != expected_version:
        raise ConflictError(
            _("Someone else changed this coverage while you were editing it (it is now at "
              "version %(version)d). Nothing was saved; review the impact again.",
              version=source.version),
            "toml_text",
        )
    coverage, impact = coverage_impact(name, text)
    if set(impact) - set(acknowledged or ()):
        raise ImpactNotConfirmed(impact)
    before = _coverage_summary(parse_coverage(source.text, f"{name}.toml"), source.version)
    row = db.session.get(ProviderCoverage, name)
    if row is None:
        row = ProviderCoverage(provider=name, toml_text=text, version=1)
        db.session.add(row)
    else:
        row.toml_text = text
        row.version += 1
    db.session.flush()
    audit.record(
        "provider_coverage.updated", "provider_coverage", name,
        before=before, after=_coverage_summary(coverage, row.version),
        reason=reason or (
            _("breaks the policies of %(countries)s", countries=", ".join(sorted(impact)))
            if impact else None
        ),
    )
    return row


def _coverage_summary(coverage: Coverage, version: int) -> dict[str, Any]:
    return {
        "display_name": coverage.display_name,
        "version": version,
        "countries": {
            code: sorted(document.value for document in documents)
            for code, documents in sorted(coverage.countries.items())
        },
    }


def coverage_changes(old: Coverage, new: Coverage) -> dict[str, list[str]]:
    """Countries added, removed and changed, to show next to the impact."""
    before, after = old.countries, new.countries
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "changed": sorted(code for code in before.keys() & after.keys()
                          if before[code] != after[code]),
    }


def current_coverage(name: str) -> Coverage:
    source = coverage_source(name)
    return parse_coverage(source.text, f"{name}.toml")


# --- policies ---------------------------------------------------------------------------------


def get_policy(country_code: str) -> CountryIdCheckPolicy | None:
    return db.session.get(CountryIdCheckPolicy, country_code)


def as_policy(row: CountryIdCheckPolicy) -> IdCheckPolicy:
    return IdCheckPolicy(
        required_for_drivers=row.required_for_drivers,
        required_for_passengers=row.required_for_passengers,
        documents=[DocumentType(value) for value in row.documents],
        providers=list(row.providers),
    )


def all_policies() -> dict[str, IdCheckPolicy]:
    return {
        row.country_code: as_policy(row)
        for row in db.session.scalars(
            select(CountryIdCheckPolicy).order_by(CountryIdCheckPolicy.country_code)
        )
    }


def list_policies() -> list[CountryIdCheckPolicy]:
    return list(db.session.scalars(
        select(CountryIdCheckPolicy).order_by(CountryIdCheckPolicy.country_code)
    ))


class PolicyInvalid(OperationError):
    """The policy has errors; ``findings`` holds all of them (warnings included)."""

    def __init__(self, findings: list[Finding]) -> None:
        errors = [finding for finding in findings if finding.severity == "error"]
        super().__init__(" ".join(finding.message for finding in errors), errors[0].field)
        self.findings = findings
        self.problems = [(finding.field, finding.message) for finding in errors]


def build_policy(data: Mapping[str, Any]) -> IdCheckPolicy:
    """A policy from plain data: booleans, a list of document values, provider names."""
    documents = []
    for value in data.get("documents") or []:
        try:
            documents.append(DocumentType(value))
        except ValueError:
            raise OperationError(
                _('Unknown document type "%(value)s". Accepted: %(choices)s.', value=value,
                  choices=", ".join(DocumentType)),
                "documents",
            ) from None
    names = [str(name).strip() for name in data.get("providers") or [] if str(name).strip()]
    return IdCheckPolicy(
        required_for_drivers=bool(data.get("required_for_drivers")),
        required_for_passengers=bool(data.get("required_for_passengers")),
        documents=documents,
        providers=names,
    )


def check_policy(country_code: str, data: Mapping[str, Any]) -> tuple[IdCheckPolicy,
                                                                       list[Finding]]:
    policy = build_policy(data)
    return policy, validate_policy(country_code, policy, providers())


def save_policy(
    country: Country,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> tuple[CountryIdCheckPolicy, list[Finding]]:
    """Store the country's policy; errors refuse it, warnings come back to be shown.

    ``expected_version``: the version the edit started from (``None`` or 0 for a
    country without a policy yet); a stale one is refused with :class:`ConflictError`.
    """
    policy, findings = check_policy(country.code, data)
    if any(finding.severity == "error" for finding in findings):
        raise PolicyInvalid(findings)
    row = get_policy(country.code)
    current_version = row.version if row is not None else 0
    if (expected_version or 0) != current_version:
        raise ConflictError(
            _("Someone else saved this policy while you were editing it (it is now at "
              "version %(version)d). Nothing was saved; your choices are kept below: check "
              "them and save again.", version=current_version)
        )
    before = policy_to_dict(row) if row is not None else None
    if row is None:
        row = CountryIdCheckPolicy(country_code=country.code, version=1)
        db.session.add(row)
    else:
        row.version += 1
    row.required_for_drivers = policy.required_for_drivers
    row.required_for_passengers = policy.required_for_passengers
    row.documents = [document.value for document in policy.documents]
    row.providers = list(policy.providers)
    db.session.flush()
    audit.record(
        "idcheck_policy.created" if before is None else "idcheck_policy.updated",
        "idcheck_policy", country.code, before=before, after=policy_to_dict(row),
        reason=reason, country_code=country.code,
    )
    return row, [finding for finding in findings if finding.severity == "warning"]


def policy_to_dict(row: CountryIdCheckPolicy | None) -> dict[str, Any]:
    if row is None:
        return {"required_for_drivers": False, "required_for_passengers": False,
                "documents": [], "providers": []}
    return {
        "required_for_drivers": row.required_for_drivers,
        "required_for_passengers": row.required_for_passengers,
        "documents": list(row.documents),
        "providers": list(row.providers),
    }


def _code(country: Country | str) -> str:
    return country.code if isinstance(country, Country) else str(country).upper()


def idcheck_policy_status(country: Country | str) -> tuple[bool, list[Finding]]:
    """For the launch gate: valid unless the policy requires an ID check and has errors.

    A country without a policy requires no ID check, so it is valid with no findings.
    """
    return policy_status(get_policy(_code(country)), providers())


def policy_status(row: CountryIdCheckPolicy | None, known: Mapping[str, IdCheckProvider]
                  ) -> tuple[bool, list[Finding]]:
    """``idcheck_policy_status`` for a policy row already loaded (many countries at once)."""
    if row is None:
        return True, []
    policy = as_policy(row)
    findings = validate_policy(row.country_code, policy, known)
    has_error = any(finding.severity == "error" for finding in findings)
    return (not (policy.required and has_error)), findings


def policies_for(codes: Iterable[str]) -> dict[str, CountryIdCheckPolicy]:
    """The policy rows of these countries, in one query."""
    codes = list(codes)
    if not codes:
        return {}
    return {row.country_code: row for row in db.session.scalars(
        select(CountryIdCheckPolicy).where(CountryIdCheckPolicy.country_code.in_(codes)))}


def policy_for_api(country: Country | str) -> dict[str, Any]:
    """What the client apps need: who is checked, with what, by whom (in order)."""
    return policy_to_dict(get_policy(_code(country)))


def matrix(country_code: str) -> list[MatrixRow]:
    return coverage_matrix(country_code, providers())
