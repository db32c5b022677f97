"""Setting, keeping and clearing a target date: one row at most, an audit row per change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.errors import OperationError
from backoffice.launch.targets import CountryTarget, LocaleTarget
from backoffice.planning import operations
from tests.support.fixture_types import MakeCountry


def _audits(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id)))


def test_a_stage_target_is_set_kept_moved_and_cleared(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country("PL", stage="translating", locales=("pl_PL",))
    first = operations.set_stage_target(country, "live", date(2026, 5, 10))
    assert first is not None and first.target_date == date(2026, 5, 10)
    assert operations.set_stage_target(country, "live", date(2026, 5, 10)) is first
    moved = operations.set_stage_target(country, "live", date(2026, 6, 1), reason="late")
    assert moved is first and moved.target_date == date(2026, 6, 1)
    assert operations.set_stage_target(country, "live", None) is None
    assert operations.set_stage_target(country, "live", None) is None
    assert db.scalar(select(func.count()).select_from(CountryTarget)) == 0
    events = _audits(db, "country.target_set")
    assert [(e.before["target_date"], e.after["target_date"]) for e in events] == [
        (None, "2026-05-10"), ("2026-05-10", "2026-06-01"), ("2026-06-01", None)]
    assert events[1].reason == "late"


def test_a_locale_target_is_set_and_cleared_once(
        db: Session, make_country: MakeCountry) -> None:
    make_country("PL", stage="translating", locales=("pl_PL",))
    row = operations.set_locale_target("pl_PL", date(2026, 4, 30))
    assert row is not None and db.get(LocaleTarget, "pl_PL") is row
    operations.set_locale_target("pl_PL", None)
    operations.set_locale_target("pl_PL", None)
    assert db.get(LocaleTarget, "pl_PL") is None
    assert [e.after for e in _audits(db, "catalog.target_set")] == [
        {"target_date": "2026-04-30"}, {"target_date": None}]


def test_a_date_out_of_range_changes_nothing(db: Session, make_country: MakeCountry) -> None:
    country = make_country("PL", stage="translating", locales=("pl_PL",))
    with pytest.raises(OperationError):
        operations.set_stage_target(country, "live", date(1899, 12, 31))
    assert db.scalar(select(func.count()).select_from(CountryTarget)) == 0
    assert _audits(db, "country.target_set") == []
