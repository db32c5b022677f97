"""Gates keep holding after launch: a live country whose gates into live fail now is at
risk, and every reader says so with the failing sentences."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from backoffice.countries.models import Country
from backoffice.launch import operations
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

TEMPLATE = b"".join(
    f'msgid "Message {n}"\nmsgstr ""\n\n'.encode() for n in range(4))  # one more than translated


@pytest.fixture
def poland(make_country: MakeCountry, translate: Translate, db: Session) -> tuple[Country, Catalog]:
    country = make_country("PL")
    catalog = translate("pl_PL")
    operations.move(country, "live", reason="translated")
    db.flush()
    return country, catalog


def test_a_template_push_puts_a_live_country_at_risk(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_user: MakeUser,
        poland: tuple[Country, Catalog]) -> None:
    country, catalog = poland
    signed_in("viewer")
    _row, clear = tokens.create_token(make_user("viewer"), "ci")
    bearer = {"Authorization": f"Bearer {clear}"}
    assert client.get("/api/v1/countries/PL").get_json()["at_risk"] is False
    assert "country-at-risk" not in client.get("/countries/PL").get_data(as_text=True)

    catalogs.update_from_template(catalog, TEMPLATE)
    db.flush()

    answer = client.get("/api/v1/countries/PL").get_json()
    assert answer["stage"] == "live"  # still live: apps keep it, and learn what is missing
    assert answer["at_risk"] is True and answer["incomplete_locales"] == ["pl_PL"]
    reason = "pl_PL app: 3 of 4 messages translated (75 %), 100 % needed."
    page = client.get("/countries/PL").get_data(as_text=True)
    assert 'id="country-at-risk"' in page and reason in page
    dashboard = client.get("/").get_data(as_text=True)
    assert re.search(r'<path class="stage-live at-risk" data-code="PL"', dashboard)
    row = re.search(r'<tr data-code="PL">(.*?)</tr>', dashboard, re.S).group(1)
    assert "At risk" in row and reason in row
    admin = client.get("/api/v1/admin/countries/PL", headers=bearer).get_json()
    assert admin["stage"] == "live"
    readiness = client.get("/api/v1/admin/countries/PL/readiness", headers=bearer).get_json()
    assert readiness["at_risk"][0]["id"] == "catalog_pl_PL"


def test_a_locale_without_its_catalog_never_goes_live(
        db: Session, make_country: MakeCountry, translate: Translate) -> None:
    country = make_country("BE", locales=("fr_BE", "nl_BE"), currency="EUR",
                           timezone="Europe/Brussels")
    translate("fr_BE")
    with pytest.raises(operations.TransitionRefused, match="nl_BE app: there is no catalog yet"):
        operations.move(country, "live", reason="go")
