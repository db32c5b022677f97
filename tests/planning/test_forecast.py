"""The forecast on a known translation history, targets, and a slip told once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from backoffice.catalogs.models import Catalog, Message, TranslationHistory
from backoffice.countries.models import Country
from backoffice.notifications.models import Notification
from backoffice.planning import operations
from backoffice.planning.forecast import forecasts
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


def _history(db: Session, catalog: Catalog, rows: Iterable[tuple[int, str, str]]) -> None:
    """``rows``: (days ago, state before, state after)."""
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id).limit(1))
    db.execute(insert(TranslationHistory), [
        {"message_id": message.id, "action": "edit", "state_before": before, "state": after,
         "translations_before": [], "translations": ["x"], "version": 1,
         "created_at": NOW - timedelta(days=days, hours=1)} for days, before, after in rows])
    db.flush()


def _polish(db: Session, make_country: MakeCountry, translate: Translate, done: int = 412,
            total: int = 500) -> tuple[Country, Catalog]:
    country = make_country("PL", stage="translating", locales=("pl_PL",))
    catalog = translate("pl_PL", translated=0)
    catalog.total_count, catalog.translated_count = total, done
    db.flush()
    return country, catalog


def test_a_known_history_gives_the_date_and_the_risk(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country, catalog = _polish(db, make_country, translate)
    # 30 messages translated in the window, 2 undone, and older work outside it.
    _history(db, catalog, [(d % 14, "untranslated", "translated") for d in range(30)]
             + [(3, "translated", "draft"), (5, "reviewed", "untranslated")]
             + [(20, "untranslated", "translated")] * 50)
    operations.set_stage_target(country, "live", date(2026, 5, 10))
    [item] = forecasts([country], NOW)["PL"]
    assert item.pace == 2.0 and item.missing == 88
    assert item.eta == date(2026, 5, 15) and item.status == "at_risk"
    assert item.sentence() == ("pl_PL reaches 100 % around 15 May at the current pace. "
                               "The 10 May target is at risk.")


def test_a_locale_target_wins_and_a_threshold_counts(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country, catalog = _polish(db, make_country, translate, done=400)
    country.translation_threshold = 90  # 450 needed
    _history(db, catalog, [(d % 14, "draft", "reviewed") for d in range(70)])  # 5 a day
    operations.set_stage_target(country, "live", date(2026, 4, 2))
    operations.set_locale_target("pl_PL", date(2026, 4, 30))
    [item] = forecasts([country], NOW)["PL"]
    assert (item.needed, item.missing, item.eta) == (90, 50, date(2026, 4, 11))
    assert item.target == date(2026, 4, 30) and item.status == "on_track"


def test_no_progress_means_no_date(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country, _catalog = _polish(db, make_country, translate)
    operations.set_stage_target(country, "live", date(2026, 5, 10))
    [item] = forecasts([country], NOW)["PL"]
    assert item.eta is None and item.status == "at_risk"
    assert "no progress in the last 14 days, 88 messages to go" in item.sentence()


def test_a_slip_is_told_once(
        db: Session, make_country: MakeCountry, translate: Translate, make_user: MakeUser) -> None:
    country, catalog = _polish(db, make_country, translate)
    owner = make_user("launch_manager")
    country.owner_id = owner.id
    _history(db, catalog, [(d % 14, "untranslated", "translated") for d in range(28)])
    operations.set_stage_target(country, "live", date(2026, 6, 1))
    assert operations.watch_targets(NOW) == 0  # on track
    operations.set_stage_target(country, "live", date(2026, 5, 1))
    assert operations.watch_targets(NOW) == 1
    assert operations.watch_targets(NOW) == 0
    [told] = db.scalars(select(Notification).where(Notification.user_id == owner.id))
    assert told.kind == "target_slipped" and told.params["target_date"] == "2026-05-01"


def test_readiness_dashboard_and_api_show_it(
        app: Flask, client: FlaskClient, db: Session, make_country: MakeCountry,
        translate: Translate, signed_in: SignedIn) -> None:
    from backoffice.accounts import tokens

    country, _catalog = _polish(db, make_country, translate)
    user = signed_in("launch_manager")
    response = client.post("/countries/PL/targets/stage",
                           data={"stage": "live", "target_date": "2026-05-10"})
    assert response.status_code == 302
    page = client.get("/countries/PL/readiness").get_data(as_text=True)
    assert 'data-target="live">2026-05-10<' in page and 'data-locale="pl_PL"' in page
    assert "Targets at risk" in client.get("/").get_data(as_text=True)
    assert client.post("/countries/PL/targets/stage",
                       data={"stage": "nowhere", "target_date": "2026-05-10"}
                       ).status_code == 400
    _row, token = tokens.create_token(user, "forecast")
    data = client.get("/api/v1/admin/countries/PL/forecast",
                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert data["targets"] == {"live": "2026-05-10"}
    assert data["forecasts"][0]["status"] == "at_risk"
    put = client.put("/api/v1/admin/countries/PL/targets",
                     json={"targets": {"live": None}, "locale_targets": {"pl_PL": "2026-06-01"}},
                     headers={"Authorization": f"Bearer {token}"})
    assert put.status_code == 200 and put.get_json()["targets"] == {}
    assert put.get_json()["locale_targets"] == {"pl_PL": "2026-06-01"}
