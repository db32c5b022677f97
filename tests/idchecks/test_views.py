from collections.abc import Sequence

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.navigation import COUNTRY_SECTIONS
from backoffice.countries.queries import get_country
from backoffice.idchecks import operations
from backoffice.idchecks.models import CountryIdCheckPolicy, ProviderCoverage
from tests.idchecks.test_operations import IN_POLICY, coverage_without
from tests.support.fixture_types import MakeCountry, SignedIn


def policy_form(providers: Sequence[str] = ("onfido", "veriff"),
                documents: Sequence[str] = ("passport", "national_id"),
                version: str = "0", action: str = "save", **extra: str) -> dict[str, Sequence[str]]:
    form = {"required_for_drivers": "y", "documents": list(documents), "version": version,
            "action": action}
    for slot, name in enumerate(providers, start=1):
        form[f"provider_{slot}"] = name
    form.update(extra)
    return form


def test_the_country_section_is_registered() -> None:
    assert any(endpoint == "idchecks.country" for endpoint, _p, _l in COUNTRY_SECTIONS)


def test_country_page_shows_policy_and_matrix(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("IN", currency="INR")
    operations.save_policy(get_country("IN"), IN_POLICY, expected_version=None)
    signed_in("viewer")
    response = client.get("/idchecks/countries/IN")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Onfido" in html and "Veriff" in html
    assert 'data-provider="jumio" class="muted"' in html
    assert "does not cover IN" in html
    assert "Edit policy" not in html  # viewers read only


def test_policy_form_shows_the_current_policy(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    operations.save_policy(make_country("IN", currency="INR"), IN_POLICY, expected_version=None)
    signed_in("launch_manager")
    html = client.get("/idchecks/countries/IN/policy").get_data(as_text=True)
    assert '<option selected value="onfido">' in html
    assert 'checked id="documents-0" name="documents" type="checkbox" value="passport"' in html
    assert 'name="version" type="hidden" value="1"' in html
    assert client.get("/idchecks/countries/FR/policy").status_code == 404


def test_viewer_cannot_edit_a_policy(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("IN", currency="INR")
    signed_in("viewer")
    assert client.get("/idchecks/countries/IN/policy").status_code == 403
    assert client.post("/idchecks/countries/IN/policy", data=policy_form()).status_code == 403


def test_launch_manager_out_of_scope_is_refused(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("IN", currency="INR")
    signed_in("launch_manager", countries=("FR",))
    response = client.post("/idchecks/countries/IN/policy", data=policy_form())
    assert response.status_code == 403
    assert db.get(CountryIdCheckPolicy, "IN") is None


def test_a_provider_that_does_not_cover_the_country_is_an_error_on_the_form(
    client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session
) -> None:
    make_country("IN", currency="INR")
    signed_in("launch_manager", countries=("IN",))
    response = client.post("/idchecks/countries/IN/policy",
                           data=policy_form(providers=("jumio", "onfido")))
    assert response.status_code == 400
    assert "Jumio does not cover IN." in response.get_data(as_text=True)
    assert db.get(CountryIdCheckPolicy, "IN") is None

    response = client.post("/idchecks/countries/IN/policy",
                           data=policy_form(providers=("onfido", "veriff")))
    assert response.status_code == 302
    db.expire_all()
    assert db.get(CountryIdCheckPolicy, "IN").providers == ["onfido", "veriff"]


def test_check_without_saving_shows_findings_and_writes_nothing(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    make_country("FR", currency="EUR")
    signed_in("launch_manager")
    response = client.post("/idchecks/countries/FR/policy",
                           data=policy_form(providers=("onfido",), action="check"))
    assert response.status_code == 200
    assert "no fallback when Onfido is unavailable" in response.get_data(as_text=True)
    assert db.get(CountryIdCheckPolicy, "FR") is None


def test_warnings_are_shown_after_saving(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    make_country("FR", currency="EUR")
    signed_in("launch_manager")
    response = client.post("/idchecks/countries/FR/policy",
                           data=policy_form(providers=("onfido",)))
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    assert "ID-check policy of FR saved." in html
    assert "no fallback when Onfido is unavailable" in html


def test_a_stale_policy_form_is_a_conflict_keeping_the_choices(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, IN_POLICY, expected_version=None)
    signed_in("admin")
    response = client.post("/idchecks/countries/IN/policy",
                           data=policy_form(providers=("veriff", "manual"), version="0"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this policy" in html
    assert '<option selected value="veriff">' in html
    assert 'name="version" type="hidden" value="1"' in html


def test_policy_json(client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, IN_POLICY, expected_version=None)
    signed_in("viewer")
    data = client.get("/idchecks/countries/IN/policy.json").get_json()
    assert data["policy"] == IN_POLICY
    assert data["valid"] is True
    assert client.get("/idchecks/countries/ZZ/policy.json").status_code == 404


def test_providers_page_lists_providers_and_policies(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry) -> None:
    operations.save_policy(make_country("IN", currency="INR"), IN_POLICY, expected_version=None)
    signed_in("viewer")
    html = client.get("/idchecks/providers").get_data(as_text=True)
    assert "Onfido" in html and "Jumio" in html and "shipped file" in html
    assert "onfido → veriff → manual" in html
    assert "Edit coverage" not in html


def test_only_provider_admins_edit_coverage(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("launch_manager")
    assert client.get("/idchecks/providers/veriff/coverage").status_code == 403


def test_coverage_edit_shows_the_impact_before_saving(
        client: FlaskClient, signed_in: SignedIn, make_country: MakeCountry, db: Session) -> None:
    country = make_country("IN", currency="INR")
    operations.save_policy(country, {**IN_POLICY, "providers": ["veriff"]},
                           expected_version=None)
    signed_in("admin")
    text = coverage_without("veriff", "IN")
    page = client.get("/idchecks/providers/veriff/coverage").get_data(as_text=True)
    assert "[countries.IN]" in page

    review = client.post("/idchecks/providers/veriff/coverage",
                         data={"toml_text": text, "version": "0", "action": "review"})
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "would break the ID-check policy" in html
    assert "Veriff does not cover IN." in html
    assert 'name="acknowledged" type="hidden" value="IN"' in html
    assert db.get(ProviderCoverage, "veriff") is None

    # Saving without having seen the impact is refused.
    refused = client.post("/idchecks/providers/veriff/coverage",
                          data={"toml_text": text, "version": "0", "action": "save"})
    assert refused.status_code == 409
    assert db.get(ProviderCoverage, "veriff") is None

    saved = client.post("/idchecks/providers/veriff/coverage",
                        data={"toml_text": text, "version": "0", "action": "save",
                              "acknowledged": "IN"})
    assert saved.status_code == 302
    db.expire_all()
    assert db.get(ProviderCoverage, "veriff").version == 1
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_id == "veriff"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('display_name = "V"\n[countries.fr]\ndocuments = ["passport"]\n',
         'unknown country code &#34;fr&#34; (use upper case)'),
        ('display_name = "V"\ncountries = 3\n', "expected a table, got integer"),
        ("display_name = [", "invalid TOML"),
    ],
)
def test_a_malformed_coverage_file_is_a_field_error(
        client: FlaskClient, signed_in: SignedIn, db: Session, text: str, expected: str) -> None:
    signed_in("admin")
    response = client.post("/idchecks/providers/veriff/coverage",
                           data={"toml_text": text, "version": "0", "action": "save"})
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert db.get(ProviderCoverage, "veriff") is None


def test_unknown_provider_and_country_are_404(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    assert client.get("/idchecks/providers/acme/coverage").status_code == 404
    assert client.get("/idchecks/countries/ZZ").status_code == 404
