"""The dashboard and the countries list read every country in a fixed number of queries."""

from __future__ import annotations

import pycountry
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn
from tests.support.queries import QueryCounter

CODES = sorted(c.alpha_2 for c in pycountry.countries)


def _add_countries(make_country: MakeCountry, owner: User, start: int, stop: int) -> None:
    for index, code in enumerate(CODES[start:stop], start):
        locales = (("pl_PL", None), ("de_DE", None)) if index % 2 else (("fr_FR", None),)
        make_country(code, locales=locales, stage=("planned", "translating", "paused")[index % 3],
                     owner=owner.email if index % 2 else None)


def _queries(client: FlaskClient, engine: Engine, path: str) -> int:
    client.get(path)
    with QueryCounter(engine) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return queries.count


def test_dashboard_and_countries_list_queries_do_not_grow_with_countries(
        client: FlaskClient, engine: Engine, signed_in: SignedIn, make_country: MakeCountry,
        make_user: MakeUser, db: Session) -> None:
    signed_in("admin")
    owner = make_user("launch_manager")
    _add_countries(make_country, owner, 0, 3)
    db.flush()
    with_3 = {path: _queries(client, engine, path) for path in ("/", "/countries/")}
    _add_countries(make_country, owner, 3, 30)
    db.flush()
    with_30 = {path: _queries(client, engine, path) for path in ("/", "/countries/")}
    assert with_3 == with_30
