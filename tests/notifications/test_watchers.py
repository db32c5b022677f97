"""Watchers notify once per change of what the one state rule says."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.core.db import utcnow
from backoffice.countries.models import StateChange
from backoffice.notifications.models import Notification
from backoffice.notifications.watchers import watch_all
from tests.support.clock import Clock
from tests.support.fixture_types import MakeCountry, MakeUser, Translate


def _kinds(db: Session, user: User) -> list[str]:
    return sorted(n.kind for n in db.scalars(select(Notification).where(
        Notification.user_id == user.id)))


def test_a_scheduled_move_done_is_told_once(
        db: Session, make_country: MakeCountry, make_user: MakeUser) -> None:
    owner = make_user("launch_manager")
    country = make_country("PL", stage="translating", locale="pl_PL")
    country.owner_id = owner.id
    now = utcnow()
    db.add(StateChange(country_code="PL", from_stage="translating", to_stage="live",
                       effective_at=now + timedelta(hours=1), status="scheduled",
                       created_at=now))
    db.flush()
    watch_all(now)
    assert "move_done" not in _kinds(db, owner)
    with Clock(now + timedelta(hours=2)):
        watch_all(now + timedelta(hours=2))
        watch_all(now + timedelta(hours=2))
    assert _kinds(db, owner).count("move_done") == 1


def test_at_risk_and_catalogs_complete_or_below(
        db: Session, make_country: MakeCountry, make_user: MakeUser, translate: Translate) -> None:
    owner = make_user("launch_manager")
    translator = make_user("translator", locales=("pl_PL",))
    country = make_country("PL", stage="live", locale="pl_PL")
    country.owner_id = owner.id
    catalog = translate("pl_PL", translated=3)
    db.flush()
    watch_all()  # first look: live and complete, nothing to tell
    assert _kinds(db, owner) == [] and _kinds(db, translator) == []

    catalog.translated_count = 1  # a template push added strings
    db.flush()
    watch_all()
    watch_all()
    assert _kinds(db, owner) == ["catalog_below_gate", "country_at_risk"]
    assert _kinds(db, translator) == ["catalog_below_gate"]

    catalog.translated_count = catalog.total_count
    db.flush()
    watch_all()
    assert _kinds(db, translator) == ["catalog_below_gate", "catalog_complete"]
    catalog.translated_count = 1
    db.flush()
    watch_all()
    assert _kinds(db, owner).count("country_at_risk") == 2  # at risk again: told again
