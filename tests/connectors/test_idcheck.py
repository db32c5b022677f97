"""ID-check providers: coverage files, the registry, and policy validation."""

from __future__ import annotations

from pathlib import Path

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
    CoverageError,
    dump_coverage,
    parse_coverage,
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


# Registry and shipped files


def test_shipped_providers_load() -> None:
    registry = load_providers()
    assert list(registry)[0] == MANUAL
    assert {"onfido", "veriff", "jumio"} <= registry.keys()
    for name, item in registry.items():
        assert item.name == name
        assert item.display_name


def test_shipped_coverage_differs_between_providers() -> None:
    registry = load_providers()
    onfido, veriff, jumio = registry["onfido"], registry["veriff"], registry["jumio"]
    for code in (
        "FR",
        "DE",
        "ES",
        "BE",
        "IT",
        "PL",
        "PT",
        "NL",
        "GB",
        "MX",
        "BR",
        "CH",
        "TR",
        "UA",
        "US",
    ):
        assert any(p.covers(code) for p in (onfido, veriff, jumio)), code
    assert veriff.coverage("IN") == {P, N}
    assert not jumio.covers("IN")
    assert [p.name for p in (onfido, veriff, jumio) if p.covers("RU")] == ["jumio"]
    for item in (onfido, veriff, jumio):
        assert isinstance(item, ConfiguredProvider)
        assert 40 <= len(item.countries()) <= 60


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_files_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    dumped = dump_coverage(parse_coverage(text, path.name))
    assert dumped == text
    assert dump_coverage(parse_coverage(dumped, path.name)) == dumped
    assert "not a statement by the vendor" in text.lower()


def test_manual_provider_covers_everything() -> None:
    manual = load_providers()[MANUAL]
    assert manual.display_name.startswith("Manual")
    for code in ("FR", "IN", "RU", "XK", "AQ"):
        assert manual.coverage(code) == frozenset(DocumentType)
        assert all(manual.covers(code, document) for document in DocumentType)


def test_covers_with_and_without_document() -> None:
    veriff = provider("veriff", {"IN": {P, N}})
    assert veriff.covers("IN")
    assert veriff.covers("in", P)
    assert not veriff.covers("IN", D)
    assert not veriff.covers("RU")
    assert veriff.coverage("RU") == frozenset()


def test_load_providers_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(
        'display_name = "Acme ID"\n[countries.FR]\ndocuments = ["passport"]\n'
    )
    (tmp_path / "notes.txt").write_text("ignored")
    registry = load_providers(tmp_path)
    assert list(registry) == [MANUAL, "acme"]
    assert registry["acme"].display_name == "Acme ID"
    assert registry["acme"].coverage("FR") == {P}


def test_load_providers_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text('display_name = "Acme"\n[countries.XX]\ndocuments = []\n')
    with pytest.raises(CoverageError, match=r"acme\.toml: countries\.XX: unknown country code"):
        load_providers(tmp_path)


@pytest.mark.parametrize("stem", ["manual", "Acme", "acme-id"])
def test_load_providers_refuses_reserved_or_odd_names(tmp_path: Path, stem: str) -> None:
    (tmp_path / f"{stem}.toml").write_text('display_name = "X"\n')
    with pytest.raises(CoverageError, match="invalid provider name"):
        load_providers(tmp_path)


def test_load_providers_needs_the_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_providers(tmp_path / "missing")


# Parsing


def test_parse_minimal_file() -> None:
    coverage = parse_coverage(
        'display_name = " Veriff "\n[countries.XK]\ndocuments = ["national_id", "passport"]\n',
        "veriff.toml",
    )
    assert coverage == Coverage("Veriff", {"XK": frozenset({P, N})})
    assert parse_coverage('display_name = "New"\n', "new.toml").countries == {}


def test_malformed_toml_gives_line_and_column() -> None:
    with pytest.raises(CoverageError) as caught:
        parse_coverage(
            'display_name = "Veriff"\n[countries.FR]\ndocuments = [passport]\n', "veriff.toml"
        )
    message = str(caught.value)
    assert message.startswith("veriff.toml: invalid TOML:")
    assert "line 3" in message and "column" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'display_name = "V"\n[countries.XX]\ndocuments = ["passport"]\n',
            'veriff.toml: countries.XX: unknown country code "XX"',
        ),
        (
            'display_name = "V"\n[countries.fr]\ndocuments = ["passport"]\n',
            'veriff.toml: countries.fr: unknown country code "fr" (use upper case)',
        ),
        (
            'display_name = "V"\n[countries.FRA]\ndocuments = ["passport"]\n',
            'veriff.toml: countries.FRA: unknown country code "FRA"',
        ),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = ["passport", "id_card"]\n',
            'veriff.toml: countries.FR.documents[1]: unknown document type "id_card"',
        ),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = ["passport", "passport"]\n',
            'veriff.toml: countries.FR.documents[1]: "passport" is listed twice',
        ),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = []\n',
            "veriff.toml: countries.FR.documents: empty",
        ),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = "passport"\n',
            "veriff.toml: countries.FR.documents: expected an array of strings, got string",
        ),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = [1]\n',
            "veriff.toml: countries.FR.documents[0]: expected a string, got integer",
        ),
        ('display_name = "V"\n[countries.FR]\n', "veriff.toml: countries.FR.documents: missing"),
        (
            'display_name = "V"\n[countries.FR]\ndocuments = ["passport"]\nnote = "x"\n',
            "veriff.toml: countries.FR.note: unknown field",
        ),
        (
            'display_name = "V"\ncountries = ["FR"]\n',
            "veriff.toml: countries: expected a table, got array",
        ),
        (
            'display_name = "V"\ncountries.FR = true\n',
            "veriff.toml: countries.FR: expected a table, got boolean",
        ),
        ("display_name = 3\n", "veriff.toml: display_name: expected a string, got integer"),
        ('display_name = "  "\n', "veriff.toml: display_name: must be a non-empty single line"),
        ('[countries.FR]\ndocuments = ["passport"]\n', "veriff.toml: display_name: missing"),
        ('display_name = "V"\nwebsite = "x"\n', "veriff.toml: website: unknown field"),
    ],
)
def test_parse_errors_name_the_file_and_the_field(text: str, expected: str) -> None:
    with pytest.raises(CoverageError) as caught:
        parse_coverage(text, "veriff.toml")
    assert expected in str(caught.value)


def test_parse_reports_every_problem_at_once() -> None:
    text = (
        'display_name = 1\n[countries.XX]\ndocuments = ["passport"]\n'
        '[countries.FR]\ndocuments = ["visa"]\n'
    )
    with pytest.raises(CoverageError) as caught:
        parse_coverage(text, "veriff.toml")
    assert [field for field, _ in caught.value.problems] == [
        "display_name",
        "countries.XX",
        "countries.FR.documents[0]",
    ]
    assert len(str(caught.value).splitlines()) == 3


def test_dump_is_sorted_and_round_trips() -> None:
    coverage = Coverage('Ver"iff', {"PL": frozenset({R, P}), "DE": frozenset({D, N, P})})
    text = dump_coverage(coverage)
    assert text.index("[countries.DE]") < text.index("[countries.PL]")
    assert 'documents = ["passport", "national_id", "driving_licence"]' in text
    assert 'display_name = "Ver\\"iff"' in text
    assert parse_coverage(text, "x.toml") == coverage
    assert dump_coverage(parse_coverage(text, "x.toml")) == text


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
