import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.idchecks import operations
from backoffice.idchecks.models import CountryIdCheckPolicy, ProviderCoverage
from connectors.idcheck import DocumentType
from tests.support.fixture_types import MakeCountry

IN_POLICY = {
    "required_for_drivers": True,
    "required_for_passengers": True,
    "documents": ["passport", "national_id"],
    "providers": ["onfido", "veriff", "manual"],
}


def coverage_without(name: str, country: str) -> str:
    """The provider's current file with one country's table removed."""
    text = operations.coverage_source(name).text
    start = text.index(f"[countries.{country}]")
    end = text.find("[countries.", start + 1)
    return text[:start] + (text[end:] if end != -1 else "")


def test_a_valid_policy_is_saved_and_audited(db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    row, warnings = operations.save_policy(country, IN_POLICY, expected_version=None,
                                           reason="launch")
    assert warnings == []
    db.expire_all()
    stored = db.get(CountryIdCheckPolicy, "IN")
    assert stored.providers == ["onfido", "veriff", "manual"]
    assert stored.documents == ["passport", "national_id"]
    assert stored.version == 1
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "idcheck_policy.created"))
    assert event.country_code == "IN"
    assert event.after["providers"] == ["onfido", "veriff", "manual"]
    assert row is stored


def test_a_provider_that_does_not_cover_the_country_blocks_saving(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    data = {**IN_POLICY, "providers": ["jumio", "onfido"]}
    with pytest.raises(operations.PolicyInvalid) as excinfo:
        operations.save_policy(country, data, expected_version=None)
    assert excinfo.value.problems == [("providers", "Jumio does not cover IN.")]
    assert db.get(CountryIdCheckPolicy, "IN") is None


def test_a_provider_covering_none_of_the_documents_blocks_saving(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    data = {**IN_POLICY, "documents": ["residence_permit"], "providers": ["veriff", "manual"]}
    with pytest.raises(operations.PolicyInvalid) as excinfo:
        operations.save_policy(country, data, expected_version=None)
    assert "Veriff covers IN but none of: residence permit." in excinfo.value.message


def test_no_fallback_is_a_warning_and_the_policy_is_saved(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    data = {"required_for_drivers": True, "documents": ["passport"], "providers": ["onfido"]}
    row, warnings = operations.save_policy(country, data, expected_version=0)
    assert row.version == 1
    assert [w.message for w in warnings] == [
        "Only one provider: no fallback when Onfido is unavailable."
    ]


def test_unknown_document_is_refused_by_name(db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    with pytest.raises(OperationError) as excinfo:
        operations.save_policy(country, {**IN_POLICY, "documents": ["selfie"]},
                               expected_version=None)
    assert excinfo.value.field == "documents"
    assert '"selfie"' in excinfo.value.message


def test_a_stale_policy_save_is_a_conflict(db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, IN_POLICY, expected_version=None)
    operations.save_policy(country, {**IN_POLICY, "required_for_passengers": False},
                           expected_version=1)
    with pytest.raises(ConflictError):
        operations.save_policy(country, IN_POLICY, expected_version=1)
    assert db.get(CountryIdCheckPolicy, "IN").required_for_passengers is False


def test_status_and_api_view_of_a_policy(db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    assert operations.idcheck_policy_status(country) == (True, [])
    assert operations.policy_for_api("IN") == {
        "required_for_drivers": False, "required_for_passengers": False,
        "documents": [], "providers": [],
    }
    operations.save_policy(country, IN_POLICY, expected_version=None)
    assert operations.idcheck_policy_status("IN") == (True, [])
    assert operations.policy_for_api(country) == IN_POLICY


def test_status_turns_invalid_when_coverage_is_withdrawn(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, {**IN_POLICY, "providers": ["veriff"]},
                           expected_version=None)
    operations.save_coverage("veriff", coverage_without("veriff", "IN"), expected_version=0,
                             acknowledged=["IN"])
    valid, findings = operations.idcheck_policy_status(country)
    assert valid is False
    assert any(f.message == "Veriff does not cover IN." for f in findings)


def test_a_policy_that_requires_nothing_stays_valid_whatever_its_providers(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("FR", currency="EUR")
    db.add(CountryIdCheckPolicy(country_code="FR", documents=[], providers=["nobody"]))
    db.flush()
    valid, findings = operations.idcheck_policy_status(country)
    assert valid is True
    assert findings  # still reported


def test_coverage_impact_names_the_broken_countries(db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, {**IN_POLICY, "providers": ["veriff"]},
                           expected_version=None)
    country = make_country("FR", currency="EUR")
    operations.save_policy(country, {**IN_POLICY, "providers": ["onfido", "manual"]},
                           expected_version=None)
    _coverage, impact = operations.coverage_impact("veriff", coverage_without("veriff", "IN"))
    assert list(impact) == ["IN"]
    assert impact["IN"][0].message == "Veriff does not cover IN."
    _coverage, impact = operations.coverage_impact("onfido", coverage_without("onfido", "DE"))
    assert impact == {}


def test_coverage_that_breaks_a_policy_needs_confirmation(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, {**IN_POLICY, "providers": ["veriff"]},
                           expected_version=None)
    text = coverage_without("veriff", "IN")
    with pytest.raises(operations.ImpactNotConfirmed) as excinfo:
        operations.save_coverage("veriff", text, expected_version=0)
    assert list(excinfo.value.impact) == ["IN"]
    assert db.get(ProviderCoverage, "veriff") is None

    row = operations.save_coverage("veriff", text, expected_version=0, acknowledged=["IN"])
    assert row.version == 1
    assert not operations.providers()["veriff"].covers("IN")
    assert operations.coverage_source("veriff").edited
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "provider_coverage.updated"))
    assert "IN" in event.before["countries"]
    assert "IN" not in (event.after.get("countries") or {})


def test_the_database_version_wins_over_the_shipped_file(db: Session) -> None:
    text = coverage_without("jumio", "FR")
    assert operations.providers()["jumio"].covers("FR")
    operations.save_coverage("jumio", text, expected_version=0)
    assert not operations.providers()["jumio"].covers("FR")
    assert operations.coverage_source("jumio").text == text
    with pytest.raises(ConflictError):
        operations.save_coverage("jumio", text, expected_version=0)


def test_a_malformed_coverage_file_names_the_field_and_writes_nothing(db: Session) -> None:
    text = 'display_name = "Veriff"\n[countries.FR]\ndocuments = ["passport", "selfie"]\n'
    with pytest.raises(operations.CoverageInvalid) as excinfo:
        operations.save_coverage("veriff", text, expected_version=0)
    field, message = excinfo.value.fields[0]
    assert field == "countries.FR.documents[1]"
    assert 'unknown document type "selfie"' in message
    assert excinfo.value.problems[0] == ("toml_text", f"{field}: {message}")
    assert "veriff.toml" in excinfo.value.message
    with pytest.raises(operations.CoverageInvalid) as excinfo:
        operations.save_coverage("veriff", "display_name = ", expected_version=0)
    assert "invalid TOML" in excinfo.value.message
    assert db.get(ProviderCoverage, "veriff") is None


def test_manual_and_unknown_providers_have_no_coverage_to_edit(db: Session) -> None:
    with pytest.raises(OperationError):
        operations.coverage_source("manual")
    with pytest.raises(NotFoundError):
        operations.coverage_source("acme")


def test_matrix_shows_providers_by_documents_for_the_country(db: Session) -> None:
    rows = {row.provider: row for row in operations.matrix("IN")}
    assert rows["manual"].covers_country
    assert rows["jumio"].covers_country is False
    assert rows["veriff"].documents[DocumentType.NATIONAL_ID] is True
    assert rows["veriff"].documents[DocumentType.DRIVING_LICENCE] is False
