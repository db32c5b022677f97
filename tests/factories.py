"""The one place tests build their data: users, countries, catalogs and their messages.

Each factory makes what the application would make (users through ``accounts``, so
passwords are hashed and scopes stored; catalogs by importing a file), flushes, and returns
the row. Countries come two ways: ``CountryFactory`` writes the rows directly (no CLDR
defaults, no audit, any stage), ``CreatedCountryFactory`` goes through
``countries.operations.create_country`` as the console does.

The fixtures of ``tests/conftest.py`` (``make_user``, ``make_country``, ``translate``) are
thin wrappers over these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import factory

from tests.support.state import stored

TEST_PASSWORD = "a-long-test-password-42"  # noqa: S105 (the password of every test user)

PLURAL_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                 '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def _session() -> Any:
    from backoffice.core.db import db

    return db.session


class UserFactory(factory.Factory):
    """A user of ``role``; translators and reviewers work on pl_PL unless told."""

    class Meta:
        model = dict  # built through accounts.operations.create_user, see _create

    role = "admin"
    email = factory.LazyAttributeSequence(lambda user, n: f"{user.role}{n}@example.com")
    password = TEST_PASSWORD
    locales: Any = factory.LazyAttribute(
        lambda user: ("pl_PL",) if user.role in ("translator", "reviewer") else ())
    countries: Any = ()

    @classmethod
    def _create(cls, model_class: Any, *, role: str, email: str, password: str,
                locales: Sequence[str], countries: Sequence[str]) -> Any:
        from backoffice.accounts import operations

        user = operations.create_user(email, role, password, locales=locales or (),
                                      countries=countries)
        _session().flush()
        return user


def _ensure_locales(codes: Sequence[str]) -> None:
    from backoffice.countries.models import Locale

    session = _session()
    for code in codes:
        if session.get(Locale, code) is None:
            session.add(Locale(code=code))


class CountryFactory(factory.Factory):
    """A country row seen at ``stage``, with its locales, written directly."""

    class Meta:
        model = dict  # the rows are built in _create

    code = "PL"
    stage = "translating"
    locales: Any = ("pl_PL",)
    currency = "PLN"
    timezone = "Europe/Warsaw"
    seats = 4

    @classmethod
    def _create(cls, model_class: Any, *, code: str, stage: str, locales: Sequence[str],
                currency: str, timezone: str, seats: int) -> Any:
        from backoffice.countries.models import Country, CountryLocale

        session = _session()
        _ensure_locales(locales)
        country = Country(
            code=code, **stored(stage), currency=currency, timezone=timezone,
            max_seats_per_ride=seats,
            locales=[CountryLocale(locale_code=loc, position=i) for i, loc in enumerate(locales)],
        )
        session.add(country)
        session.flush()
        return country


class CreatedCountryFactory(factory.Factory):
    """A country created as the console creates it (validated, versioned, audited), then
    put at ``stage`` (the launch pipeline is not under test)."""

    class Meta:
        model = dict

    code = "BE"
    locales: Any = (("fr_BE", "fr_FR"), ("nl_BE", "nl_NL"))
    currency = "EUR"
    timezone = "Europe/Brussels"
    seats = 4
    owner: Any = None
    notes = ""
    stage = "planned"

    @classmethod
    def _create(cls, model_class: Any, *, code: str, locales: Sequence[Sequence[str]],
                currency: str, timezone: str, seats: int, owner: str | None, notes: str,
                stage: str) -> Any:
        from backoffice.countries import operations, validation

        country = operations.create_country(code, validation.CountryConfig(
            locales=[validation.LocaleSpec(*spec) for spec in locales], currency=currency,
            timezone=timezone, max_seats_per_ride=seats, owner_email=owner, notes=notes,
        ))
        for name, value in stored(stage).items():
            setattr(country, name, value)
        _session().flush()
        return country


def po_file(entries: Sequence[tuple[str, str]], *, header: str = PLURAL_HEADER) -> bytes:
    """A .po file of (msgid, msgstr) pairs, with a UTF-8, two-form header."""
    body = "\n".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in entries)
    return (header + body).encode()


class CatalogFactory(factory.Factory):
    """A catalog imported from a file of ``messages`` messages (``Message 0``, ...), the
    first ``translated`` of them translated (``Text 0``, ...)."""

    class Meta:
        model = dict

    domain = "app"
    locale = "pl_PL"
    messages = 3
    translated = factory.SelfAttribute("messages")
    filename = factory.LazyAttribute(lambda catalog: f"{catalog.locale}.po")

    @classmethod
    def _create(cls, model_class: Any, *, domain: str, locale: str, messages: int,
                translated: int, filename: str) -> Any:
        from backoffice.catalogs.operations import imports

        data = po_file([(f"Message {n}", f"Text {n}" if n < translated else "")
                        for n in range(messages)])
        result = imports.import_file(domain, locale, data, filename=filename)
        _session().flush()
        return result.catalog
