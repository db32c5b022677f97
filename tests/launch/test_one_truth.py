"""One truth of a country's state: every reader says the same, a minute before and a
minute after a scheduled move, with no job run in between.

The readers: the client API (country and list), the dashboard (table, map, next
changes), the country page's head, the Readiness tab, the payments page, the admin API
(country and readiness), ``backoffice launch readiness`` and the payment gates.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.countries.models import Country
from backoffice.countries.queries import get_country
from backoffice.countries.state import state_of
from backoffice.launch import operations
from backoffice.payments.gates import payment_gates
from tests.support.clock import Clock
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

T = datetime(2030, 3, 4, 22, 8, tzinfo=UTC)  # 01:08 in Moscow


@pytest.fixture
def russia(make_country: MakeCountry, translate: Translate, db: Session) -> Country:
    country = make_country("RU", stage="live", locales=("ru_RU",), timezone="Europe/Moscow",
                           currency="RUB")
    translate("ru_RU")
    db.flush()
    return country


def _readers(client: FlaskClient, app: Flask, bearer: dict[str, str]) -> dict[str, str]:
    """What each reader says of Russia's stage now."""
    said: dict[str, str] = {}
    api = client.get("/api/v1/countries/RU")
    said["client API country"] = api.get_json()["stage"] if api.status_code == 200 else "hidden"
    listed = client.get("/api/v1/countries").get_json()["countries"]
    said["client API list"] = next((c["stage"] for c in listed if c["code"] == "RU"), "hidden")
    dashboard = client.get("/").get_data(as_text=True)
    row = re.search(r'<tr data-code="RU">.*?<span class="badge stage-(\w+)"', dashboard, re.S)
    said["dashboard table"] = row.group(1)
    said["dashboard map"] = re.search(r'<path class="stage-(\w+)[^"]*" data-code="RU"',
                                      dashboard).group(1)
    for name, path in (("country page", "/countries/RU"),
                       ("readiness tab", "/countries/RU/readiness"),
                       ("payments page", "/payments/countries/RU")):
        page = client.get(path).get_data(as_text=True)
        said[name] = re.search(r'id="country-stage"[^>]*>([^<]+)<', page).group(1)
    said["admin API country"] = client.get("/api/v1/admin/countries/RU",
                                           headers=bearer).get_json()["stage"]
    said["admin API readiness"] = client.get("/api/v1/admin/countries/RU/readiness",
                                             headers=bearer).get_json()["stage"]
    cli = app.test_cli_runner().invoke(args=["launch", "readiness", "RU"])
    said["CLI"] = cli.output.splitlines()[0]
    gate = next(g for g in payment_gates(get_country("RU")) if g.id == "country_live")
    said["payment gate"] = "live" if gate.passed else "not live"
    return said


def test_every_reader_flips_on_the_minute(
        app: Flask, client: FlaskClient, db: Session, signed_in: SignedIn, make_user: MakeUser,
        russia: Country) -> None:
    with Clock(T - timedelta(hours=3)):  # sessions and tokens live on the app's clock
        admin = signed_in("admin")
        _row, clear = tokens.create_token(make_user("admin"), "ci")
        bearer = {"Authorization": f"Bearer {clear}"}
        change = operations.move(russia, "paused", reason="ride rules review",
                                 at_local="2030-03-05T01:08", actor=admin)
    db.flush()
    assert change.effective_at == T

    with Clock(T - timedelta(minutes=1)):
        before = _readers(client, app, bearer)
        page = client.get("/countries/RU/readiness").get_data(as_text=True)
        assert 'class="inline cancel-form"' in page and "To come" in page
        assert 'data-code="RU"' in re.search(
            r'class="card upcoming-changes">(.*?)</section>', client.get("/").get_data(
                as_text=True), re.S).group(1)
    assert before == {
        "client API country": "live", "client API list": "live", "dashboard table": "live",
        "dashboard map": "live", "country page": "Live", "readiness tab": "Live",
        "payments page": "Live", "admin API country": "live", "admin API readiness": "live",
        "CLI": "RU: Live", "payment gate": "live",
    }

    with Clock(T + timedelta(minutes=1)):
        after = _readers(client, app, bearer)
        page = client.get("/countries/RU/readiness").get_data(as_text=True)
        # A due move is history: shown as done, with who scheduled it, not cancellable.
        row = re.search(rf'<tr data-change="{change.id}" data-status="(\w+)">(.*?)</tr>',
                        page, re.S)
        assert row.group(1) == "applied"
        assert "Took effect at 22:08 UTC" in row.group(2) and admin.email in row.group(2)
        assert "cancel-form" not in row.group(2)
        assert 'data-code="RU"' not in re.search(
            r'class="card upcoming-changes">(.*?)</section>', client.get("/").get_data(
                as_text=True), re.S).group(1)
        refused = client.post(f"/countries/RU/moves/{change.id}/cancel",
                              data={"reason": "changed my mind"})
        assert refused.status_code == 409
        assert "can no longer be cancelled" in refused.get_data(as_text=True)
    assert after == {
        "client API country": "hidden", "client API list": "hidden",
        "dashboard table": "paused", "dashboard map": "paused", "country page": "Paused",
        "readiness tab": "Paused", "payments page": "Paused", "admin API country": "paused",
        "admin API readiness": "paused", "CLI": "RU: Paused", "payment gate": "not live",
    }
    # Nothing was written down by reading; the way back is a new move, through the gates.
    assert russia.recorded_stage == "live"
    with Clock(T + timedelta(minutes=2)):
        operations.move(russia, "live", reason="review done", actor=admin)
        assert state_of(russia).public_stage == "live"
        assert change.status == "applied"  # written down before the new move
