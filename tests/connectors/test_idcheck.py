"""ID-check providers: what each covers, policy validation, and the impact of a change."""

from __future__ import annotations

import pytest

from connectors.idcheck import (
    COVERAGE_DIRECTORY,
    MANUAL,
    ConfiguredProvider,
    DocumentType,
    IdCheckProvider,
    ManualReview,
)
from connectors.idcheck.coverage_file import (
    Coverage,
)
from connectors.idcheck.policy import (
    Finding,
    IdCheckPolicy,
    coverage_matrix,
    impact_of_coverage_change,
    validate_policy,
)
from connectors.idcheck.providers import load_providers

P = DocumentType.PASSPORT
N = DocumentType.NATIONAL_ID
D = DocumentType.DRIVING_LICENCE
R = DocumentType.RESIDENCE_PERMIT
SHIPPED = sorted(COVERAGE_DIRECTORY.glob("*.toml"))


def provider(name: str, countries: dict[str, set[DocumentType]]) -> ConfiguredProvider:
    coverage = Coverage(name.title(), {code: frozenset(docs) for code, docs in countries.items()})
    return ConfiguredProvider(name, coverage)


@pytest.fixture
def providers() -> dict[str, IdCheckProvider]:
    registry: dict[str, IdCheckProvider] = {MANUAL: ManualReview()}
    registry["veriff"] = provider("veriff", {"FR": {P, N, D, R}, "IN": {P, N}})
    registry["onfido"] = provider("onfido", {"FR": {P, N, D}, "IN": {P, N, D}})
    registry["jumio"] = provider("jumio", {"FR": {P}, "RU": {P, N}})
    return registry


def policy(
    documents: list[DocumentType], providers: list[str], *, required: bool = True
) -> IdCheckPolicy:
    return IdCheckPolicy(
        required_for_drivers=required,
        required_for_passengers=False,
        documents=documents,
        providers=providers,
    )


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == "error"]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == "warning"]


def test_covers_with_and_without_document() -> None:
    veriff = provider("veriff", {"IN": {P, N}})
    assert veriff.covers("IN")
    assert veriff.covers("in", P)
    assert not veriff.covers("IN", D)
    assert not veriff.covers("RU")
    assert veriff.coverage("RU") == frozenset()



# Policy validation


def test_a_sound_policy_has_no_findings(providers: dict[str, IdCheckProvider]) -> None:
    assert validate_policy("FR", policy([P, N], ["veriff", "onfido"]), providers) == []


def test_nothing_required_nothing_listed_is_fine(providers: dict[str, IdCheckProvider]) -> None:
    assert validate_policy("FR", policy([], [], required=False), providers) == []


def test_required_check_needs_documents_and_providers(
    providers: dict[str, IdCheckProvider],
) -> None:
    findings = validate_policy("FR", policy([], []), providers)
    assert {(f.severity, f.field) for f in findings} == {
        ("error", "documents"),
        ("error", "providers"),
    }
    passengers_only = IdCheckPolicy(False, True, [], [])
    assert len(errors(validate_policy("FR", passengers_only, providers))) == 2


def test_unknown_provider(providers: dict[str, IdCheckProvider]) -> None:
    findings = validate_policy("FR", policy([P], ["veriff", "acme", "onfido"]), providers)
    assert findings == [Finding("error", "providers", 'Unknown ID-check provider "acme".')]


def test_provider_must_cover_the_country(providers: dict[str, IdCheckProvider]) -> None:
    findings = errors(validate_policy("IN", policy([P], ["onfido", "jumio"]), providers))
    assert findings == [Finding("error", "providers", "Jumio does not cover IN.")]


def test_provider_must_cover_an_accepted_document(
    providers: dict[str, IdCheckProvider],
) -> None:
    findings = errors(validate_policy("IN", policy([D], ["veriff", "onfido"]), providers))
    assert findings == [
        Finding("error", "providers", "Veriff covers IN but none of: driving licence.")
    ]


def test_partial_coverage_is_a_warning(providers: dict[str, IdCheckProvider]) -> None:
    findings = validate_policy("IN", policy([P, D, R], ["veriff", "onfido"]), providers)
    assert errors(findings) == []
    messages = [f.message for f in warnings(findings)]
    assert "Veriff covers IN but not: driving licence, residence permit." in messages
    assert "Onfido covers IN but not: residence permit." in messages
    # Together they still leave one accepted document unchecked.
    assert "No listed provider checks these documents in IN: residence permit." in messages


def test_a_single_provider_is_a_warning(providers: dict[str, IdCheckProvider]) -> None:
    findings = validate_policy("FR", policy([P], ["veriff"]), providers)
    assert findings == [
        Finding(
            "warning", "providers", "Only one provider: no fallback when Veriff is unavailable."
        )
    ]
    assert validate_policy("FR", policy([P], ["veriff"], required=False), providers) == []


def test_duplicates_are_errors(providers: dict[str, IdCheckProvider]) -> None:
    findings = validate_policy("FR", policy([P, N, P], ["veriff", "onfido", "veriff"]), providers)
    assert errors(findings) == [
        Finding("error", "documents", "The passport is listed more than once."),
        Finding("error", "providers", "Veriff is listed more than once."),
    ]


def test_manual_is_always_valid(providers: dict[str, IdCheckProvider]) -> None:
    every = list(DocumentType)
    for country in ("FR", "IN", "RU", "KP"):
        assert validate_policy(country, policy(every, [MANUAL]), providers) == []
    # As a fallback it fills the gaps of the others, silently.
    assert validate_policy("RU", policy([P], ["jumio", MANUAL]), providers) == []


def test_errors_come_first_and_lower_case_codes_work(
    providers: dict[str, IdCheckProvider],
) -> None:
    findings = validate_policy("in", policy([D], ["veriff"]), providers)
    assert [f.severity for f in findings] == ["error", "warning"]
    assert "IN" in findings[0].message


def test_shipped_data_reproduces_the_india_example() -> None:
    findings = validate_policy("IN", policy([D], ["veriff", MANUAL]), load_providers())
    assert errors(findings) == [
        Finding("error", "providers", "Veriff covers IN but none of: driving licence.")
    ]


# Matrix and impact of a change


def test_coverage_matrix(providers: dict[str, IdCheckProvider]) -> None:
    rows = coverage_matrix("IN", providers)
    assert [row.provider for row in rows] == [MANUAL, "veriff", "onfido", "jumio"]
    veriff = rows[1]
    assert veriff.display_name == "Veriff" and veriff.covers_country
    assert list(veriff.documents) == list(DocumentType)
    assert veriff.documents == {P: True, N: True, D: False, R: False}
    assert not rows[3].covers_country and not any(rows[3].documents.values())
    assert all(rows[0].documents.values())
    narrow = coverage_matrix("IN", providers, [D])
    assert [row.documents for row in narrow] == [{D: True}, {D: False}, {D: True}, {D: False}]


def test_impact_lists_policies_that_would_break(providers: dict[str, IdCheckProvider]) -> None:
    policies = {
        "FR": policy([D], ["veriff", "onfido"]),
        "IN": policy([P], ["veriff", "onfido"]),
        "RU": policy([P], ["jumio"]),  # does not use Veriff: unaffected
    }
    new = Coverage("Veriff", {"IN": frozenset({P, N})})  # FR dropped
    impact = impact_of_coverage_change("veriff", new, policies, providers)
    assert impact == {"FR": [Finding("error", "providers", "Veriff does not cover FR.")]}


def test_impact_of_narrower_documents(providers: dict[str, IdCheckProvider]) -> None:
    policies = {"FR": policy([P, D], ["veriff", "jumio"])}
    new = Coverage("Veriff", {"FR": frozenset({P}), "IN": frozenset({P, N})})
    assert impact_of_coverage_change("veriff", new, policies, providers) == {}
    with_warnings = impact_of_coverage_change(
        "veriff", new, policies, providers, include_warnings=True
    )
    assert [f.message for f in with_warnings["FR"]] == [
        "Veriff covers FR but not: driving licence.",
        "No listed provider checks these documents in FR: driving licence.",
    ]


def test_impact_ignores_a_new_display_name(providers: dict[str, IdCheckProvider]) -> None:
    policies = {"IN": policy([D], ["veriff", "onfido"])}  # already in error
    renamed = Coverage("Veriff by Okta", {"FR": frozenset({P}), "IN": frozenset({P, N})})
    assert impact_of_coverage_change("veriff", renamed, policies, providers) == {}


def test_impact_of_removing_or_adding_a_provider(
    providers: dict[str, IdCheckProvider],
) -> None:
    policies = {"RU": policy([P], ["jumio", MANUAL]), "FR": policy([P], ["acme", "veriff"])}
    removed = impact_of_coverage_change("jumio", None, policies, providers)
    assert removed == {"RU": [Finding("error", "providers", 'Unknown ID-check provider "jumio".')]}
    added = impact_of_coverage_change(
        "acme", Coverage("Acme", {"FR": frozenset({P})}), policies, providers
    )
    assert added == {}  # it fixes FR rather than breaking it


def test_manual_coverage_cannot_change(providers: dict[str, IdCheckProvider]) -> None:
    with pytest.raises(ValueError, match="manual"):
        impact_of_coverage_change(MANUAL, Coverage("Manual", {}), {}, providers)
