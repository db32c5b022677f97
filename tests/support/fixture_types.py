"""The types of the factory fixtures that many test modules share (``tests/conftest.py``,
``tests/payments/conftest.py``, ``tests/memory/conftest.py``, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from flask import Flask

from backoffice.accounts.models import User
from backoffice.catalogs.models import Catalog
from backoffice.countries.models import Country
from backoffice.opportunities.models import Candidate
from backoffice.payments.models import PaymentConnectorConfig

NewDatabaseUrl: TypeAlias = Callable[[], str]
"""``new_database_url``: the URL of a new, empty database of the kind under test."""

MakeApp: TypeAlias = Callable[..., Flask]
"""``make_app(url, **config)``."""

MakeUser: TypeAlias = Callable[..., User]
"""``make_user(role, *, email=None, locales=(), countries=())``."""

SignedIn: TypeAlias = Callable[..., User]
"""``signed_in(role, **make_user_kwargs)``: the user now signed in on the test client."""

MakeCountry: TypeAlias = Callable[..., Country]
"""``make_country(code, **fields)`` and ``ready_country(code, **fields)``."""

Translate: TypeAlias = Callable[..., Catalog]
"""``translate(locale, *, translated=3)``."""

CatalogOf: TypeAlias = Callable[..., Catalog]
"""``catalog_of(locale, entries, *, domain="app", fuzzy=())``."""

MakeConnector: TypeAlias = Callable[..., PaymentConnectorConfig]
"""``make_connector(countries=(("FR", "EUR"),), **overrides)``."""

MakeCandidate: TypeAlias = Callable[..., Candidate]
"""``candidate(code, locales, **figures)``."""

TokenFor: TypeAlias = Callable[..., dict[str, str]]
"""``bearer(role, **make_user_kwargs)``: the Authorization header of a new API token."""
