"""The client API keeps built answers, yet a change shows on the very next read.

Answers are kept per app server for one revision stamp that every change bumps in its own
transaction; these tests change each kind of row the answers are built from, through the
ORM and through plain statements, in this app and from a second app on the same database.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from backoffice.api import revisions
from backoffice.api.models import ContentRevision
from backoffice.app import create_app
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message
from backoffice.core.db import db as database
from backoffice.core.db import utcnow
from backoffice.countries.models import Country, CountryLocale, Locale, StateChange
from backoffice.idchecks.models import CountryIdCheckPolicy
from backoffice.payments.models import (
    ConnectorCountry,
    PaymentConnectorConfig,
)
from tests.conftest import app_config, migrate
from tests.factories import po_file
from tests.support.fixture_types import MakeApp, MakeCountry, MakeUser, NewDatabaseUrl
from tests.support.state import approved_switch_on, stored

PO = po_file([("Book", "Reserver"), ("Cancel", "Annuler")])


@pytest.fixture
def live(db: Session, make_country: MakeCountry) -> Country:
    return make_country("FR", stage="live", locales=("fr_FR",), timezone="Europe/Paris",
                        currency="EUR")


def _connector(db: Session) -> PaymentConnectorConfig:
    connector = PaymentConnectorConfig(name="Adyen FR", merchant_account="Carpool",
                                       api_key_encrypted="x")
    db.add(connector)
    db.flush()
    return connector


def _add_locale(db: Session, country: Country) -> None:
    db.add(Locale(code="br_FR"))
    country.locales.append(CountryLocale(locale_code="br_FR", position=1))


def _seats(db: Session, country: Country) -> None:
    country.max_seats_per_ride = 2


def _statement(db: Session, country: Country) -> None:
    db.execute(update(Country).where(Country.code == "FR").values(currency="XPF"))


def _stage_change(db: Session, country: Country) -> None:
    # A switch-on whose time has come: the state changes with no write to the country.
    db.add(StateChange(country_code="FR", kind="payment", from_stage="off", to_stage="on",
                       effective_at=utcnow() - timedelta(minutes=1), status="scheduled"))


def _payment(db: Session, country: Country, make_user: MakeUser) -> None:
    connector = _connector(db)
    db.add(ConnectorCountry(connector_id=connector.id, country_code="FR", currency="EUR",
                            methods=["card"]))
    approved_switch_on(db, "FR", utcnow() - timedelta(minutes=1), make_user("admin"))


def _policy(db: Session, country: Country) -> None:
    db.add(CountryIdCheckPolicy(country_code="FR", required_for_drivers=True,
                                documents=["passport"], providers=["onfido"]))


@pytest.mark.parametrize("change", [_add_locale, _seats, _statement, _stage_change, _policy])
def test_each_change_shows_on_the_next_read(client: FlaskClient, db: Session, live: Country,
        change: Callable[[Session, Country], None]) -> None:
    first = client.get("/api/v1/countries/FR")
    listed = client.get("/api/v1/countries")
    assert client.get("/api/v1/countries/FR",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    change(db, live)
    db.flush()
    again = client.get("/api/v1/countries/FR", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.get_json() != first.get_json()
    assert client.get("/api/v1/countries").get_json() != listed.get_json()


def test_payment_switch_on_and_connector_methods(
        client: FlaskClient, db: Session, live: Country, make_user: MakeUser) -> None:
    assert client.get("/api/v1/countries/FR").get_json()["stage"] == "live"
    _payment(db, live, make_user)
    db.flush()
    body = client.get("/api/v1/countries/FR").get_json()
    assert body["online_payment"] == {"enabled": True, "methods": ["card"]}
    db.scalar(select(ConnectorCountry)).methods = ["card", "paypal"]
    db.flush()
    body = client.get("/api/v1/countries/FR").get_json()
    assert body["online_payment"]["methods"] == ["card", "paypal"]


def test_a_hidden_country_is_gone_on_the_next_read(
        client: FlaskClient, db: Session, live: Country) -> None:
    assert client.get("/api/v1/countries/FR").status_code == 200
    live.recorded_stage = "paused"
    db.flush()
    assert client.get("/api/v1/countries/FR").status_code == 404
    assert client.get("/api/v1/countries").get_json() == {"countries": []}


def test_scheduled_effects_flip_on_time(
        client: FlaskClient, db: Session, live: Country, make_user: MakeUser,
        monkeypatch: pytest.MonkeyPatch) -> None:
    now = utcnow()
    db.add(StateChange(country_code="FR", from_stage="live", to_stage="paused",
                       effective_at=now + timedelta(hours=2), status="scheduled"))
    _connector_link = _connector(db)
    db.add(ConnectorCountry(connector_id=_connector_link.id, country_code="FR",
                            currency="EUR", methods=["card"]))
    approved_switch_on(db, "FR", now + timedelta(hours=1), make_user("admin"))
    clock = {"now": now}
    monkeypatch.setattr("backoffice.api.client.utcnow", lambda: clock["now"])
    before = client.get("/api/v1/countries/FR")
    assert before.get_json()["stage"] == "live"
    assert client.get("/api/v1/countries/FR", headers={"If-None-Match": before.headers["ETag"]}
                      ).status_code == 304
    clock["now"] = now + timedelta(hours=1)  # exactly when the switch-on is due
    after = client.get("/api/v1/countries/FR", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["stage"] == "payments_live"
    assert [c["stage"] for c in client.get("/api/v1/countries").get_json()["countries"]] == [
        "payments_live"]
    clock["now"] = now + timedelta(hours=2)
    assert client.get("/api/v1/countries/FR").status_code == 404
    assert client.get("/api/v1/countries").get_json() == {"countries": []}


def test_a_rolled_back_stamp_is_never_reused(app: Flask, db: Session, live: Country) -> None:
    # A stamp a rolled-back transaction showed to its own reads must not come back.
    seen = set()
    for _ in range(20):
        nested = db.begin_nested()
        live.max_seats_per_ride += 1
        db.flush()
        seen.add(revisions.read(db.connection(), revisions.COUNTRIES))
        nested.rollback()
    assert len(seen) == 20


@pytest.fixture
def catalog(db: Session, live: Country, make_country: MakeCountry) -> Catalog:
    """fr_FR's catalog, public: France (fr_FR) and Belgium (fr_BE) are live."""
    make_country("BE", stage="live", locales=("fr_BE",), timezone="Europe/Brussels",
                 currency="EUR")
    return catalogs.import_file("app", "fr_FR", PO, filename="fr.po").catalog


def test_a_translation_shows_on_the_next_read(
        client: FlaskClient, db: Session, catalog: Catalog) -> None:
    first = client.get("/api/v1/catalogs/app/fr_FR.json")
    assert first.get_json()["messages"]["Book"] == "Reserver"
    assert client.get("/api/v1/catalogs/app/fr_FR.json",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    message = db.scalar(select(Message).where(Message.msgid == "Book"))
    catalogs.save_translation(message, ["Réserver"], version=message.version)
    db.flush()
    again = client.get("/api/v1/catalogs/app/fr_FR.json",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.get_json()["messages"]["Book"] == "Réserver"
    db.execute(update(Message).where(Message.msgid == "Cancel")
               .values(translations=["Annuler le trajet"]))
    assert client.get("/api/v1/catalogs/app/fr_FR.json").get_json()["messages"][
        "Cancel"] == "Annuler le trajet"
    db.execute(update(Catalog).where(Catalog.id == catalog.id)
               .values(plural_forms="nplurals=2; plural=(n != 1);"))
    assert client.get("/api/v1/catalogs/app/fr_FR.json").get_json()[
        "plural_forms"] == "nplurals=2; plural=(n != 1);"


def test_a_parent_change_shows_in_its_variant(
        client: FlaskClient, db: Session, catalog: Catalog) -> None:
    catalogs.ensure_locale("fr_BE").parent_code = "fr_FR"
    catalogs.import_file("app", "fr_BE", PO.replace(b'msgstr "Annuler"', b'msgstr ""'),
                         filename="fr_BE.po")
    db.flush()
    first = client.get("/api/v1/catalogs/app/fr_BE.json")
    assert first.get_json()["messages"]["Cancel"] == "Annuler"
    message = db.scalar(select(Message).where(Message.msgid == "Cancel",
                                              Message.catalog_id == catalog.id))
    catalogs.save_translation(message, ["Annuler le trajet"], version=message.version)
    db.flush()
    again = client.get("/api/v1/catalogs/app/fr_BE.json",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.get_json()["messages"]["Cancel"] == "Annuler le trajet"


def test_unchanged_bytes_keep_their_etag(
        client: FlaskClient, db: Session, catalog: Catalog, live: Country) -> None:
    # Another catalog's change bumps the stamp; this body is rebuilt, same bytes, same tag.
    first = client.get("/api/v1/catalogs/app/fr_FR.json")
    catalogs.import_file("app", "de_DE", PO, filename="de.po")
    db.flush()
    again = client.get("/api/v1/catalogs/app/fr_FR.json",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_another_app_server_sees_a_change_on_the_next_read(
        new_database_url: NewDatabaseUrl, make_app: MakeApp, tmp_path: Path) -> None:
    url = new_database_url()
    migrate(url)
    writer, reader = make_app(url), make_app(url)
    assert writer.extensions["db_engine"] is not reader.extensions["db_engine"]

    def write(change: Callable[[Session], None]) -> None:
        with writer.app_context():
            change(database.session)
            database.session.commit()

    def create(session: Session) -> None:
        session.add(Locale(code="fr_FR"))
        session.add(Country(code="FR", **stored("live"), currency="EUR",
                            timezone="Europe/Paris", max_seats_per_ride=4,
                            locales=[CountryLocale(locale_code="fr_FR", position=0)]))
        catalogs.import_file("app", "fr_FR", PO, filename="fr.po")

    write(create)
    client = reader.test_client()
    first = client.get("/api/v1/countries/FR")
    book = client.get("/api/v1/catalogs/app/fr_FR.json")
    assert first.get_json()["ride_rules"]["max_seats_per_ride"] == 4
    assert client.get("/api/v1/countries/FR",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    write(lambda session: setattr(session.get(Country, "FR"), "max_seats_per_ride", 3))
    changed = client.get("/api/v1/countries/FR", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.get_json()["ride_rules"]["max_seats_per_ride"] == 3

    def translate(session: Session) -> None:
        message = session.scalar(select(Message).where(Message.msgid == "Book"))
        catalogs.save_translation(message, ["Réserver"], version=message.version)

    write(translate)
    again = client.get("/api/v1/catalogs/app/fr_FR.json",
                       headers={"If-None-Match": book.headers["ETag"]})
    assert again.status_code == 200 and again.get_json()["messages"]["Book"] == "Réserver"

    write(lambda session: setattr(session.get(Country, "FR"), "recorded_stage", "paused"))
    assert client.get("/api/v1/countries/FR").status_code == 404
    with reader.app_context():
        stamps = {row.key for row in database.session.scalars(select(ContentRevision))}
    catalog_id = catalogs_id(reader)
    assert stamps == {"countries", "catalogs", f"catalog:{catalog_id}"}


def catalogs_id(app: Flask) -> int:
    with app.app_context():
        return catalogs.get_catalog("app", "fr_FR").id


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
