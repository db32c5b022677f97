"""The payments demo step: idempotent, and it skips countries that do not exist."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.countries.models import Country
from backoffice.demo import DEMO_STEPS
from backoffice.payments import operations
from backoffice.payments.demo import DEMO_CONNECTOR, load_payments
from backoffice.payments.gates import payment_gates
from backoffice.payments.models import HealthCheck, PaymentConnectorConfig
from tests.support.fixture_types import MakeCountry


def test_demo_step_is_registered() -> None:
    assert "payments" in [name for name, _step in DEMO_STEPS]


def test_demo_connector_with_existing_countries_only(
        db: Session, make_country: MakeCountry) -> None:
    make_country("FR")
    make_country("DE", locale="de_DE", timezone="Europe/Berlin")
    assert load_payments() > 0
    connector = db.scalar(select(PaymentConnectorConfig))
    assert connector.name == DEMO_CONNECTOR and connector.platform == "test"
    assert connector.checkout_base_url == "http://127.0.0.1:8099/checkout/v72"
    assert sorted(c.country_code for c in connector.countries) == ["DE", "FR"]
    for code in ("FR", "DE"):
        assert operations.served_country(code).methods
        assert operations.latest_health_check(code).ok
    gates = payment_gates(db.get(Country, "FR"), include_approval=False)
    assert all(g.passed for g in gates), [g.message for g in gates if not g.passed]

    counts = (db.scalar(select(func.count()).select_from(AuditEvent)),
              db.scalar(select(func.count()).select_from(HealthCheck)))
    assert load_payments() == 0
    assert counts == (db.scalar(select(func.count()).select_from(AuditEvent)),
                      db.scalar(select(func.count()).select_from(HealthCheck)))


def test_countries_loaded_later_join_the_connector(db: Session, make_country: MakeCountry) -> None:
    load_payments()
    connector = db.scalar(select(PaymentConnectorConfig))
    assert connector.countries == []
    make_country("ES", locale="es_ES", timezone="Europe/Madrid")
    assert load_payments() == 1
    assert [c.country_code for c in connector.countries] == ["ES"]
