"""The client API keeps built answers, yet a change shows on the very next read.

Answers are kept per app server for one revision stamp that every change bumps in its own
transaction; these tests change each kind of row the answers are built from, through the
ORM and through plain statements, in this app and from a second app on the same database.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.api import revisions
from backoffice.api.models import ContentRevision
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
from tests.conftest import migrate
from tests.factories import po_file
from tests.support.fixture_types import MakeApp, MakeUser, NewDatabaseUrl
from tests.support.state import approved_switch_on, stored

PO = po_file([("Book", "Reserver"), ("Cancel", "Annuler")])


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
