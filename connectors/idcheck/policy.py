"""Checks of a country's ID-check policy against what the providers cover.

Pure functions: the console shows the findings next to the form, and refuses to save
while there is an error. Warnings are risks the team may accept.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from connectors.idcheck import MANUAL, ConfiguredProvider, DocumentType, IdCheckProvider
from connectors.idcheck.coverage_file import Coverage

Severity = Literal["error", "warning"]
T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class IdCheckPolicy:
    required_for_drivers: bool
    required_for_passengers: bool
    documents: Sequence[DocumentType]  # accepted documents
    providers: Sequence[str]  # provider names, in the order they are tried

    @property
    def required(self) -> bool:
        return self.required_for_drivers or self.required_for_passengers


@dataclass(frozen=True)
class Finding:
    severity: Severity
    field: str  # the policy field to show it next to: "documents" or "providers"
    message: str


@dataclass(frozen=True)
class MatrixRow:
    provider: str
    display_name: str
    covers_country: bool
    documents: Mapping[DocumentType, bool]  # in the order asked for


def labels(documents: Iterable[DocumentType]) -> str:
    return ", ".join(document.label for document in documents)


def validate_policy(
    country_code: str, policy: IdCheckPolicy, providers: Mapping[str, IdCheckProvider]
) -> list[Finding]:
    """Every problem of the policy, errors first, in a stable order."""
    country = country_code.upper()
    findings: list[Finding] = []

    def add(severity: Severity, field: str, message: str) -> None:
        findings.append(Finding(severity, field, message))

    if policy.required and not policy.documents:
        add("error", "documents", "An ID check is required: accept at least one document.")
    if policy.required and not policy.providers:
        add("error", "providers", "An ID check is required: choose at least one provider.")
    documents = list(dict.fromkeys(policy.documents))
    for document in _duplicates(policy.documents):
        add("error", "documents", f"The {document.label} is listed more than once.")
    for name in _duplicates(policy.providers):
        add("error", "providers", f"{_display(name, providers)} is listed more than once.")

    usable: list[IdCheckProvider] = []  # known, and covering the country
    for name in dict.fromkeys(policy.providers):
        provider = providers.get(name)
        if provider is None:
            add("error", "providers", f'Unknown ID-check provider "{name}".')
            continue
        covered = provider.coverage(country)
        if not covered:
            add("error", "providers", f"{provider.display_name} does not cover {country}.")
            continue
        usable.append(provider)
        missing = [document for document in documents if document not in covered]
        if documents and len(missing) == len(documents):
            add(
                "error",
                "providers",
                f"{provider.display_name} covers {country} but none of: {labels(missing)}.",
            )
        elif missing:
            add(
                "warning",
                "providers",
                f"{provider.display_name} covers {country} but not: {labels(missing)}.",
            )

    if len(usable) > 1:  # with one provider, its own warning already names the gap
        unchecked = [d for d in documents if not any(p.covers(country, d) for p in usable)]
        if unchecked:
            add(
                "warning",
                "documents",
                f"No listed provider checks these documents in {country}: {labels(unchecked)}.",
            )
    if policy.required and len(usable) == 1 and usable[0].name != MANUAL:
        add(
            "warning",
            "providers",
            f"Only one provider: no fallback when {usable[0].display_name} is unavailable.",
        )
    return sorted(findings, key=lambda finding: finding.severity != "error")


def coverage_matrix(
    country_code: str,
    providers: Mapping[str, IdCheckProvider],
    documents: Sequence[DocumentType] | None = None,
) -> list[MatrixRow]:
    """One row per provider (in the given order), one column per document."""
    country = country_code.upper()
    columns = list(DocumentType) if documents is None else list(documents)
    rows = []
    for name, provider in providers.items():
        covered = provider.coverage(country)
        rows.append(
            MatrixRow(
                provider=name,
                display_name=provider.display_name,
                covers_country=bool(covered),
                documents={document: document in covered for document in columns},
            )
        )
    return rows


def impact_of_coverage_change(
    provider_name: str,
    new_coverage: Coverage | None,
    policies: Mapping[str, IdCheckPolicy],
    providers: Mapping[str, IdCheckProvider],
    *,
    include_warnings: bool = False,
) -> dict[str, list[Finding]]:
    """Findings that saving ``new_coverage`` (``None``: deleting the provider) would add.

    Keyed by country code, only for the policies that would get worse; shown before
    the admin confirms the change.
    """
    if provider_name == MANUAL:
        raise ValueError("the manual provider has no coverage to change")
    changed = dict(providers)
    if new_coverage is None:
        changed.pop(provider_name, None)
    else:
        # Keep the current name so that a renamed provider does not look like new findings.
        current = providers.get(provider_name)
        if current is not None:
            new_coverage = Coverage(current.display_name, new_coverage.countries)
        changed[provider_name] = ConfiguredProvider(provider_name, new_coverage)
    impact = {}
    for country in sorted(policies):
        policy = policies[country]
        if provider_name not in policy.providers:
            continue
        before = set(validate_policy(country, policy, providers))
        gained = [
            finding
            for finding in validate_policy(country, policy, changed)
            if finding not in before and (include_warnings or finding.severity == "error")
        ]
        if gained:
            impact[country] = gained
    return impact


def _duplicates(items: Iterable[T]) -> list[T]:
    seen: set[T] = set()
    repeated: list[T] = []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _display(name: str, providers: Mapping[str, IdCheckProvider]) -> str:
    provider = providers.get(name)
    return provider.display_name if provider else f'"{name}"'
