"""Fixtures shared by every test.

The suite runs on SQLite (default) and on a real PostgreSQL (``--database=postgresql``)
that the fixtures start themselves. Each test runs inside a transaction that is rolled
back at the end; the app's own commits become savepoints.
"""

from __future__ import annotations

import contextvars
import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from backoffice.accounts import tokens
from backoffice.accounts.models import User
from backoffice.app import create_app
from backoffice.catalogs.models import Catalog
from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine
from backoffice.countries.models import Country
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.support import postgres
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, chromium_available
from tests.support.fixture_types import (
    MakeApp,
    MakeCountry,
    MakeUser,
    NewDatabaseUrl,
    SignedIn,
    TokenFor,
    Translate,
)

if TYPE_CHECKING:  # Playwright and the local DeepL are loaded only when a test asks for them
    from playwright.sync_api import Browser, Page

    from connectors.machine_translation.local_deepl.server import LocalDeepL

_database_numbers = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=["sqlite", "postgresql"],
        default=os.environ.get("TEST_DATABASE", "sqlite"),
        help="database to run the suite on",
    )


@pytest.fixture(scope="session")
def database_kind(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("--database")


@pytest.fixture(scope="session")
def _postgres_admin_url(database_kind: str) -> Iterator[str | None]:
    if database_kind != "postgresql":
        yield None
        return
    with postgres.throwaway_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def new_database_url(
        database_kind: str, _postgres_admin_url: str | None,
        tmp_path_factory: pytest.TempPathFactory) -> NewDatabaseUrl:
    """A factory of empty databases of the kind under test."""

    def make() -> str:
        number = next(_database_numbers)
        if database_kind == "postgresql":
            return postgres.create_database(_postgres_admin_url, f"test_{number}")
        return f"sqlite:///{tmp_path_factory.mktemp('db') / f'test_{number}.sqlite3'}"

    return make


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def app_config(url: str, tmp_path: Path | None = None, **extra: object) -> dict:
    config = {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key",
        "ENCRYPTION_KEY": "n1p2v4sI0f9l5K0dF7cQmYgJzQ7Xh3rA6uVwBtLkE8s=",
        "WTF_CSRF_ENABLED": False,
        # Most tests sign in with a password only; tests/accounts and tests/security turn
        # the second factor on, as it is by default.
        "SECOND_FACTOR_ROLES": [],
        # Tasks wait in this process's memory until a test runs them (tests/tasks/).
        "QUEUE_URL": "memory://",
        "SMTP_URL": None,
    }
    if tmp_path is not None:
        config["LOCALES_DIR"] = str(tmp_path / "locales")
        config["COUNTRIES_DIR"] = str(tmp_path / "countries")
    config.update(extra)
    return config


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    The ``app`` fixture keeps an app context open for the test's own code; Flask would
    reuse it for requests, sharing ``g`` (and so the database session and the signed-in
    user) between requests. The test's session is flushed before and expired after each
    request so that it sees what the request committed.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        from backoffice.core.db import db as database

        if database.has_session():
            database.session.flush()
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the context
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if database.has_session():
            database.session.expire_all()
        return response


@pytest.fixture(scope="session")
def database_url(new_database_url: NewDatabaseUrl) -> str:
    url = new_database_url()
    migrate(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator:
    """Build apps with their own configuration; their engines are closed afterwards."""
    apps: list[Flask] = []

    def make(url: str, **extra: object) -> Flask:
        app = create_app(app_config(url, tmp_path, **extra))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["db_engine"].dispose()


@pytest.fixture
def app(engine: Engine, database_url: str, make_app: MakeApp) -> Iterator[Flask]:
    app = make_app(database_url)
    app.test_client_class = IsolatedClient
    connection = engine.connect()
    transaction = connection.begin()
    app.extensions["db_sessionmaker"] = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    with app.app_context():
        yield app
    transaction.rollback()
    connection.close()


@pytest.fixture
def db(app: Flask) -> Session:
    from backoffice.core.db import db as database

    return database.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(db: Session) -> MakeUser:
    """A user of a role (``tests.factories.UserFactory``)."""

    def make(role: str = "admin", *, email: str | None = None, locales: Sequence[str] = (),
             countries: Sequence[str] = ()) -> User:
        given = {"email": email} if email else {}
        if locales:
            given["locales"] = locales
        return factories.UserFactory(role=role, countries=countries, **given)

    return make


@pytest.fixture
def make_country(db: Session) -> MakeCountry:
    """A country row with its locales, built directly (no CLDR defaults, no audit):
    ``tests.factories.CountryFactory``; the code may come first."""

    def make(code: str = "PL", **fields: Any) -> Country:
        return factories.CountryFactory(code=code, **fields)

    return make


@pytest.fixture
def translate(db: Session) -> Translate:
    """Give a locale an ``app`` catalog of three messages, translated or not
    (``tests.factories.CatalogFactory``)."""

    def make(locale: str, *, translated: int = 3) -> Catalog:
        return factories.CatalogFactory(locale=locale, translated=translated)

    return make


def sign_in(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def signed_in(client: FlaskClient, make_user: MakeUser) -> SignedIn:
    """Sign in a new user of the given role on the test client and return them."""

    def as_role(role: str = "admin", **kwargs: Any) -> User:
        user = make_user(role, **kwargs)
        sign_in(client, user)
        return user

    return as_role


@pytest.fixture
def bearer(make_user: MakeUser) -> TokenFor:
    """The Authorization header of a new API token of a new user of the given role."""

    def token_for(role: str = "launch_manager", **kwargs: Any) -> dict[str, str]:
        _row, clear = tokens.create_token(make_user(role, **kwargs), "ci")
        return {"Authorization": f"Bearer {clear}"}

    return token_for


@pytest.fixture
def deepl_server() -> Iterator[LocalDeepL]:
    """The local stand-in for DeepL, on a port of its own."""
    from connectors.machine_translation.local_deepl.server import LocalDeepL

    server = LocalDeepL().start()
    yield server
    server.shutdown()
    server.server_close()


# --- browser tests -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not chromium_available():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def live_app(new_database_url: NewDatabaseUrl, make_app: MakeApp) -> Flask:
    """A migrated database of its own and an app with CSRF on, as in production."""
    url = new_database_url()
    migrate(url)
    return make_app(url, WTF_CSRF_ENABLED=True, TESTING=False)


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    from tests.support.live_server import serve

    with serve(live_app) as base_url:
        yield base_url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
