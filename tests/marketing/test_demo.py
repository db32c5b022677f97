from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.idchecks import operations as idchecks
from backoffice.idchecks.demo import load_idcheck_policies
from backoffice.marketing import operations, rollup
from backoffice.marketing.demo import load_marketing_plans
from backoffice.marketing.models import ActualSpend, MarketingPlan
from tests.support.fixture_types import MakeCountry


def test_demo_data_skips_missing_countries_and_loads_once(
        db: Session, make_country: MakeCountry) -> None:
    make_country("FR", currency="EUR")
    make_country("PL", currency="PLN")
    make_country("IN", currency="INR")
    make_country("JP", currency="JPY")  # in no demo plan
    assert load_marketing_plans() == 6
    assert load_idcheck_policies() == 2
    counts = (db.scalar(select(func.count(MarketingPlan.id))),
              db.scalar(select(func.count(ActualSpend.id))), len(rollup.list_rates()))
    assert load_marketing_plans() == 0
    assert load_idcheck_policies() == 0
    assert counts == (db.scalar(select(func.count(MarketingPlan.id))),
                      db.scalar(select(func.count(ActualSpend.id))),
                      len(rollup.list_rates()))
    result = rollup.rollup("EUR", "2026-Q1")
    assert result.missing_currencies == ["INR"]
    assert operations.total_spend(operations.get_plan("FR", "2026-Q1")) > Decimal(0)
    assert idchecks.idcheck_policy_status("IN")[0] is True
    assert idchecks.policy_for_api("FR")["required_for_passengers"] is False
    assert idchecks.policy_for_api("IN")["documents"] == ["passport", "national_id"]
    assert idchecks.get_policy("PL") is None
