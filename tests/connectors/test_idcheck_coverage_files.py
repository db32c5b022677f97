"""ID-check coverage files: the shipped ones, loading a directory, parsing and writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.idcheck import (
    COVERAGE_DIRECTORY,
    MANUAL,
    ConfiguredProvider,
    DocumentType,
)
from connectors.idcheck.coverage_file import (
    Coverage,
    CoverageError,
    dump_coverage,
    parse_coverage,
)
from connectors.idcheck.providers import load_providers

P = DocumentType.PASSPORT
N = DocumentType.NATIONAL_ID
D = DocumentType.DRIVING_LICENCE
R = DocumentType.RESIDENCE_PERMIT
SHIPPED = sorted(COVERAGE_DIRECTORY.glob("*.toml"))


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
