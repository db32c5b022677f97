"""Candidates ranked by weighted criteria, what the product knows, and one-step creation."""

from datetime import date

import pytest
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import OperationError
from backoffice.countries.models import Country
from backoffice.opportunities import operations
from backoffice.opportunities.knowledge import Product
from backoffice.opportunities.ranking import CRITERIA, rank, sentence
from backoffice.payments.models import PaymentConnectorConfig
from backoffice.playbook import operations as playbook
from backoffice.playbook.demo import load_templates
from tests.support.fixture_types import MakeCandidate, MakeCountry, Translate


def test_a_variant_costs_only_its_differences(
        db: Session, make_country: MakeCountry, translate: Translate,
        candidate: MakeCandidate) -> None:
    translate("es_ES")
    make_country("ES", locales=("es_ES",), timezone="Europe/Madrid", currency="EUR")
    argentina = candidate("AR", ["es_AR"])
    turkey = candidate("TR", ["tr_TR"])
    product = Product.load()
    assert product.words_total == 6  # "Message 0".."Message 2"
    variant, whole = product.locale_cost("es_AR"), product.locale_cost("tr_TR")
    assert (variant.parent, whole.parent) == ("es_ES", None)
    assert variant.words < whole.words == 6
    rows = {row.code: row for row in rank([argentina, turkey], product)}
    assert sentence(rows["AR"]).startswith("es_AR on es_ES: about ")
    assert sentence(rows["TR"]).startswith("tr_TR: about 10 words to translate")


def test_indicators_and_weights_order_the_table(db: Session, candidate: MakeCandidate) -> None:
    good = candidate("CZ", ["cs_CZ"], hitchhiking=9, population=11, competitors=0)
    poor = candidate("HU", ["hu_HU"], hitchhiking=2, population=10, competitors=4)
    assert [r.code for r in rank([poor, good])] == ["CZ", "HU"]
    operations.set_weights({c.key: 0 for c in CRITERIA})
    operations.set_weights({"population": 5})
    only_population = rank([poor, good])
    assert [r.code for r in only_population] == ["CZ", "HU"]
    assert only_population[0].score == pytest.approx(100)
    operations.set_weights({"population": 0, "competitors": 5})
    assert rank([poor, good])[1].score == 0
    actions = [e.action for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions.count("opportunity.indicator_set") == 6
    assert "opportunity.weights_set" in actions


def test_adyen_is_asked_through_the_connector(
        db: Session, candidate: MakeCandidate, connector: PaymentConnectorConfig) -> None:
    austria = candidate("AT", ["de_AT"])
    argentina = candidate("AR", ["es_AR"])
    operations.refresh_payments(austria)
    operations.refresh_payments(argentina)
    assert {"visa", "mc"} <= set(austria.payment_methods)  # EUR cards, no country limit
    assert argentina.payment_methods == [] and argentina.payment_error is None
    rows = {row.code: row for row in rank([austria, argentina])}
    assert "Adyen offers cards" in sentence(rows["AT"])
    assert "Adyen offers no payment method there yet" in sentence(rows["AR"])
    assert db.query(AuditEvent).filter_by(action="opportunity.payments_checked").count() == 2


def test_without_a_connector_asking_adyen_is_refused(db: Session, candidate: MakeCandidate) -> None:
    with pytest.raises(OperationError):
        operations.refresh_payments(candidate("AT", ["de_AT"]))


def test_id_check_coverage_comes_from_the_providers(db: Session, candidate: MakeCandidate) -> None:
    [row] = rank([candidate("AR", ["es_AR"])])
    assert "Onfido" in row.idchecks
    assert "cover the national ID card" in sentence(row)


def test_a_country_is_created_in_one_step_with_its_playbook(
        db: Session, make_country: MakeCountry, translate: Translate,
        candidate: MakeCandidate) -> None:
    translate("es_ES")
    make_country("ES", locales=("es_ES",), timezone="Europe/Madrid", currency="EUR")
    load_templates()
    argentina = candidate("AR", ["es_AR"])
    country = operations.create_country(argentina, timezone="America/Argentina/Buenos_Aires")
    assert (country.code, country.recorded_stage, country.currency) == ("AR", "planned", "ARS")
    assert country.locales[0].locale.parent_code == "es_ES"
    assert len(playbook.tasks_of("AR")) == 8
    assert argentina.created_country == "AR"
    assert db.query(AuditEvent).filter_by(action="country.created",
                                          object_id="AR").count() == 1
    with pytest.raises(OperationError):
        operations.create_country(argentina, timezone="America/Argentina/Buenos_Aires")


def test_countries_with_several_zones_ask_for_one(db: Session, candidate: MakeCandidate) -> None:
    canada = candidate("CA", ["en_CA", "fr_CA"])
    with pytest.raises(OperationError) as refused:
        operations.create_country(canada)
    assert refused.value.field == "timezone"
    assert db.get(Country, "CA") is None
    operations.create_country(canada, timezone="America/Toronto")
    assert db.get(Country, "CA").timezone == "America/Toronto"


def test_bad_candidates_and_indicators_are_refused(
        db: Session, make_country: MakeCountry, candidate: MakeCandidate) -> None:
    make_country("PL")
    row = candidate("AR", ["es_AR"])
    for code in ("XX", "PL", "AR", ""):
        with pytest.raises(OperationError):
            operations.save_candidate(None, code=code)
    for key, value, source in (("colour", 1, "x"), ("population", "many", "x"),
                               ("population", "NaN", "x"), ("population", 3, " ")):
        with pytest.raises(OperationError):
            operations.set_indicator(row, key, value, source=source, as_of=date(2026, 1, 1))
    with pytest.raises(OperationError):
        operations.set_weights({"population": 1000})
    assert operations.save_candidate(None, code="CL").locales == ["es_CL"]  # CLDR's
