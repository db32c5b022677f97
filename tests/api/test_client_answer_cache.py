"""The client API's kept answers: bounded, per app server, one stamp read per answer,
and a lost database answered with 503."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.api import revisions
from backoffice.app import create_app
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog
from backoffice.core.db import db as database
from backoffice.core.db import utcnow
from backoffice.countries.models import Country, CountryLocale, Locale
from tests.api.test_client_freshness import PO, catalogs_id
from tests.conftest import app_config, migrate
from tests.support.fixture_types import MakeApp, NewDatabaseUrl
from tests.support.state import stored


def test_answers_are_bounded() -> None:
    kept = revisions.Answers(3)
    now = utcnow()
    for number in range(5):
        kept.put(number, 1, b"x")
    assert [kept.get(n, 1, now) is not None for n in range(5)] == [False, False, True, True,
                                                                      True]
    assert kept.get(4, 2, now) is None
    kept.put("soon", 1, b"y", now + timedelta(seconds=1))
    assert kept.get("soon", 1, now) is not None
    assert kept.get("soon", 1, now + timedelta(seconds=1)) is None


def test_app_servers_keep_their_own_answers(tmp_path: Path) -> None:
    assert create_app(app_config("sqlite://", tmp_path)).extensions.get(
        "client_api_answers") is None


def test_a_kept_answer_costs_one_query(
        client: FlaskClient, engine: Engine, db: Session, live: Country, catalog: Catalog) -> None:
    from tests.support.queries import QueryCounter

    for path in ("/api/v1/countries/FR", "/api/v1/countries",
                 "/api/v1/catalogs/app/fr_FR.json"):
        first = client.get(path)
        with QueryCounter(engine) as queries:
            assert client.get(path).data == first.data
            assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}
                              ).status_code == 304
        assert [s for s in queries.statements if "content_revisions" in s] == queries.statements
        assert queries.count == 2, queries.statements


@pytest.fixture
def served(new_database_url: NewDatabaseUrl, make_app: MakeApp) -> Flask:
    """An app on its own engine (no test transaction), with one live country."""
    url = new_database_url()
    migrate(url)
    app = make_app(url)
    with app.app_context():
        database.session.add(Locale(code="fr_FR"))
        database.session.add(Country(code="FR", **stored("live"), currency="EUR",
                                     timezone="Europe/Paris", max_seats_per_ride=4,
                                     locales=[CountryLocale(locale_code="fr_FR", position=0)]))
        catalogs.import_file("app", "fr_FR", PO, filename="fr.po")
        database.session.commit()
    return app


def test_a_kept_answer_reads_only_its_stamp(served: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.queries import QueryCounter

    lookups: list[object] = []
    read, read_many = revisions.StampLine.read, revisions.StampLine.read_many
    monkeypatch.setattr(revisions.StampLine, "read",
                        lambda line, key: lookups.append(key) or read(line, key))
    monkeypatch.setattr(revisions.StampLine, "read_many",
                        lambda line, keys: lookups.append(tuple(keys)) or read_many(line, keys))
    client = served.test_client()
    # A catalog's answer reads the ``catalogs`` stamp and its own, in one lookup.
    own = ("catalogs", f"catalog:{catalogs_id(served)}")
    for path, key in (("/api/v1/countries/FR", "countries"), ("/api/v1/countries", "countries"),
                      ("/api/v1/catalogs/app/fr_FR.json", own)):
        first = client.get(path)
        lookups.clear()
        with QueryCounter(served.extensions["db_engine"]) as queries:
            assert client.get(path).data == first.data
            assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}
                              ).status_code == 304
        assert lookups == [key, key]
        assert queries.statements == []  # no session, no transaction, no ORM


def test_the_stamp_line_sees_each_commit_and_closes_with_the_engine(served: Flask) -> None:
    engine = served.extensions["db_engine"]
    client = served.test_client()
    assert client.get("/api/v1/countries/FR").status_code == 200
    line = served.extensions["client_api_stamp_line"]
    with served.app_context():
        before = line.read("countries")
        database.session.get(Country, "FR").max_seats_per_ride = 3
        database.session.commit()
        assert line.read("countries") != before
    assert engine.pool.checkedout() == 0  # the line's connection is not the pool's
    engine.dispose()
    assert line._connection is None


def _driver_error(engine: Engine, message: str) -> Exception:
    return engine.dialect.loaded_dbapi.OperationalError(message)


class _BrokenConnection:
    """The line's real connection, whose queries fail as if the server had gone."""

    def __init__(self, real: Any, error: Exception) -> None:
        self.real, self.error = real, error

    def cursor(self) -> None:
        raise self.error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.parametrize("failing", ["connect", "query"])
def test_a_lost_database_during_the_stamp_lookup_answers_503(
        served: Flask, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    engine = served.extensions["db_engine"]
    client = served.test_client()
    assert client.get("/api/v1/countries/FR").status_code == 200
    line = served.extensions["client_api_stamp_line"]
    if failing == "connect":
        line.close()

        def refuse() -> None:
            raise _driver_error(engine, "connection refused")

        monkeypatch.setattr(engine, "raw_connection", refuse)
    else:
        line._connection = _BrokenConnection(
            line._connection, _driver_error(engine, "server closed the connection unexpectedly"))
    for path in ("/api/v1/countries/FR", "/api/v1/catalogs/app/fr_FR.json"):
        line._known.clear()  # a stamp read before needs no query on SQLite: ask again
        answer = client.get(path)
        assert answer.status_code == 503, answer.data
        assert "cannot be reached" in answer.get_json()["error"]
        if failing == "query":
            assert line._connection is None  # dropped, made again on next use
            line._connection = _BrokenConnection(line._connect(), _driver_error(engine, "gone"))
    monkeypatch.undo()
    line.close()
    assert client.get("/api/v1/countries/FR").status_code == 200  # back by itself


@pytest.mark.parametrize(("url", "in_memory"), [
    ("sqlite://", True), ("sqlite:///:memory:", True),
    ("sqlite:////var/lib/backoffice.sqlite3", False),
    ("postgresql+psycopg://backoffice@localhost/backoffice", False),
])
def test_an_in_memory_database_reads_stamps_in_the_session(url: str, in_memory: bool) -> None:
    from sqlalchemy import create_engine

    assert revisions._in_memory(create_engine(url)) is in_memory


def test_the_stamp_line_queries_again_only_after_a_commit(
        served: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    queries: list[str] = []
    query = revisions.StampLine._query
    monkeypatch.setattr(revisions.StampLine, "_query",
                        lambda line, connection, key: queries.append(key)
                        or query(line, connection, key))
    line = revisions.StampLine(served.extensions["db_engine"])
    first = line.read("countries")
    again = line.read("countries")
    on_sqlite = served.extensions["db_engine"].dialect.name == "sqlite"
    assert again == first and queries == (["countries"] if on_sqlite else ["countries"] * 2)
    with served.app_context():  # a commit through another connection
        database.session.get(Country, "FR").max_seats_per_ride = 2
        database.session.commit()
    queries.clear()
    assert line.read("countries") != first and queries == ["countries"]
    line.close()
