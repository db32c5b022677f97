"""A production-size database, generated fresh for each run.

SQLite in a temporary file by default; when ``DATABASE_URL`` names a PostgreSQL server,
fresh databases are created on it (``python -m benchmarks --postgresql`` starts a
throw-away cluster for the run instead).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.data import generate_catalog

PASSWORD = "a-long-benchmark-password-42"  # noqa: S105 - a throw-away account in a throw-away database
ADMIN_EMAIL = "bench-admin@example.com"
# Locales always among the data set's, whatever CLDR lists first.
CORE_LOCALES = ["pl_PL", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_PT", "en_GB", "en_US"]
# Variants, and the locale each one's language inherits from (a dozen, as in production).
VARIANTS = ["en_AU", "es_MX", "fr_CA", "en_IE", "de_AT", "en_NZ", "fr_BE", "en_CA",
            "es_AR", "en_IN", "de_CH", "en_ZA"]
VARIANTS_OF = {"en": "en_GB", "es": "es_ES", "fr": "fr_FR", "de": "de_DE"}
ENCRYPTION_KEY = "n1p2v4sI0f9l5K0dF7cQmYgJzQ7Xh3rA6uVwBtLkE8s="


@dataclass(frozen=True)
class Size:
    """Like production: one template, every locale translating the same messages, and
    ``variants`` of those locales (``en_AU`` on ``en_GB``) translating a few of them."""

    countries: int  # at most: every pycountry code with CLDR currency and time zone
    locales: int  # all of them, variants included
    messages: int  # in every catalog (the template's size)
    variants: int  # locales with a parent among the others
    audit_events: int
    editor_sizes: tuple[int, ...] = ()  # catalog sizes the editor is measured at
    import_sizes: tuple[int, ...] = ()  # file sizes import and export are measured at


FULL = Size(countries=250, locales=60, messages=20_000, variants=12, audit_events=200_000,
            editor_sizes=(20_000, 100_000, 200_000), import_sizes=(20_000, 100_000))
QUICK = Size(countries=20, locales=10, messages=1_000, variants=3, audit_events=5_000,
             editor_sizes=(1_000, 5_000), import_sizes=(1_000,))
SMALL = Size(countries=5, locales=5, messages=200, variants=1, audit_events=1_000)
VARIANT_OWN = 0.05  # a variant translates one message in twenty itself
TEMPLATE_SEED = 1234


@dataclass
class DataSet:
    url: str
    size: Size
    countries: list[str]
    live_countries: list[str]
    locales: list[str]
    full_locales: list[str]  # locales without a parent, largest first
    small_locales: list[str]  # the variants (their own catalogs hold few texts)
    parents: dict[str, str] = field(default_factory=dict)  # variant -> parent
    counts: dict[str, int] = field(default_factory=dict)


def app_config(url: str) -> dict[str, Any]:
    # These folders keep the app away from the checkout's; only the queue writes there.
    files = Path(tempfile.gettempdir(), "backoffice-bench-files")
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-secret-key",
        "ENCRYPTION_KEY": ENCRYPTION_KEY,
        "WTF_CSRF_ENABLED": False,
        # The benchmarks measure catalog work, signed in with a password only.
        "SECOND_FACTOR_ROLES": [],
        "LOCALES_DIR": str(files / "locales"),
        "COUNTRIES_DIR": str(files / "countries"),
        # As production runs it: answers shared by the workers on disk, memory bounded.
        "CLIENT_CATALOG_CACHE_DIR": str(files / "client-cache" / _digest(url)),
        # A queue on disk, as production's, away from the checkout's instance folder; the
        # benchmarks do the worker's work themselves (``index_for_search``).
        "QUEUE_URL": f"sqlite:///{files / 'queue' / _digest(url)}.sqlite3",
    }


def index_for_search(catalog_id: int) -> int:
    """What the worker does after an import: the catalog's rows into the search index, one
    slice per transaction (the task ``catalogs.index_search``); how many rows it indexed."""
    from backoffice.catalogs.operations import search_index
    from backoffice.core.db import db

    total, done = 0, search_index.SLICE
    while done == search_index.SLICE:  # a shorter slice was the last (the task's rule)
        done = search_index.index_slice(catalog_id)
        db.session.commit()
        total += done
    return total


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Databases:
    """Hands out empty databases of the run's kind, and removes them at the end."""

    def __init__(self, postgres_admin_url: str | None) -> None:
        self.admin_url = postgres_admin_url
        self.kind = "postgresql" if postgres_admin_url else "sqlite"
        self._tmp = Path(tempfile.mkdtemp(prefix="backoffice-bench-"))
        self._numbers = itertools.count(1)

    def new(self, name: str) -> str:
        number = next(self._numbers)
        if self.admin_url:
            from tests.support.postgres import create_database

            return create_database(self.admin_url, f"bench_{name}_{number}")
        return f"sqlite:///{self._tmp / f'{name}_{number}.sqlite3'}"

    def close(self) -> None:
        import shutil

        shutil.rmtree(self._tmp, ignore_errors=True)
        shutil.rmtree(Path(app_config("")["CLIENT_CATALOG_CACHE_DIR"]).parent,
                      ignore_errors=True)


@contextlib.contextmanager
def databases(start_postgresql: bool) -> Iterator[Databases]:
    url = os.environ.get("DATABASE_URL", "")
    with contextlib.ExitStack() as stack:
        admin = None
        if start_postgresql:
            from tests.support.postgres import throwaway_cluster

            admin = stack.enter_context(throwaway_cluster(durable=True))
        elif url.startswith("postgresql"):
            admin = url
        found = Databases(admin)
        stack.callback(found.close)
        yield found


def country_specs(count: int, locale_count: int, variants: int = 0
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    """Countries with CLDR data (locales, currency, time zone) and the data set's locales
    (the first ``variants`` of ``VARIANTS`` among them)."""
    import pycountry
    from babel.core import Locale as BabelLocale
    from babel.core import UnknownLocaleError, get_global
    from babel.languages import get_official_languages
    from babel.numbers import get_territory_currencies

    zones = get_global("territory_zones")
    found = []
    for entry in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = entry.alpha_2
        currencies = get_territory_currencies(code)
        territory_zones = sorted(zones.get(code, ()))
        if not currencies or not territory_zones:
            continue
        locales = []
        for language in get_official_languages(code, de_facto=True):
            try:
                locales.append(str(BabelLocale.parse(f"{language}_{code}")))
            except (UnknownLocaleError, ValueError):
                continue
        found.append({"code": code, "currency": currencies[0], "timezone": territory_zones[0],
                      "locales": locales})
    popular = Counter(loc for spec in found for loc in spec["locales"])
    chosen = list(CORE_LOCALES) + [code for code in VARIANTS[:variants]
                                   if code not in CORE_LOCALES]
    for code, _count in popular.most_common():
        if len(chosen) >= locale_count:
            break
        if code not in chosen:
            chosen.append(code)
    chosen = chosen[:locale_count]
    # Countries whose locales are all in the set first, so small sets stay realistic.
    found.sort(key=lambda s: (not any(loc in chosen for loc in s["locales"]), s["code"]))
    specs = found[:count]
    by_language: dict[str, str] = {}
    for code in chosen:
        by_language.setdefault(code.split("_")[0], code)
    for spec in specs:
        # A locale outside the set falls back to one of the same language (fr_SN: fr_FR).
        own: list[str] = []
        for loc in spec["locales"]:
            found = loc if loc in chosen else by_language.get(loc.split("_")[0])
            if found and found not in own:
                own.append(found)
        spec["locales"] = own or ["en_GB"]
    return specs, chosen


def build(url: str, size: Size, *, seed: int = 3) -> DataSet:
    """Migrate an empty database and fill it; returns what it holds."""
    from alembic import command
    from sqlalchemy import insert

    from backoffice.accounts import operations as accounts
    from backoffice.app import create_app
    from backoffice.audit.models import AuditEvent
    from backoffice.catalogs import operations as catalogs
    from backoffice.core.cli import alembic_config
    from backoffice.core.db import db
    from backoffice.countries.models import (
        LAUNCH_STAGES,
        Country,
        CountryLocale,
        Locale,
        Payment,
        Stage,
    )

    command.upgrade(alembic_config(url), "head")
    app = create_app(app_config(url))
    rng = random.Random(seed)
    specs, locale_codes = country_specs(size.countries, size.locales, size.variants)
    parents = {code: VARIANTS_OF[code.split("_")[0]] for code in VARIANTS[:size.variants]}
    full_locales = [code for code in locale_codes if code not in parents]
    small_locales = [code for code in locale_codes if code in parents]
    stages = [s.value for s in LAUNCH_STAGES]
    with app.app_context():
        session = db.session
        admin = accounts.create_user(ADMIN_EMAIL, "admin", PASSWORD)
        owners = [accounts.create_user(f"owner{i}@example.com", "launch_manager", PASSWORD)
                  for i in range(5)]
        session.flush()
        for code in full_locales:
            session.add(Locale(code=code))
        session.flush()
        for code in small_locales:
            session.add(Locale(code=code, parent_code=parents[code]))
        session.flush()
        live = []
        for index, spec in enumerate(specs):
            stage = stages[index % len(stages)]
            payment = Payment.ON.value if stage == Stage.LIVE and index % 2 else Payment.OFF.value
            if stage == Stage.LIVE:
                live.append(spec["code"])
            session.add(Country(
                code=spec["code"], recorded_stage=stage, recorded_payment=payment,
                currency=spec["currency"],
                timezone=spec["timezone"], max_seats_per_ride=rng.randint(1, 8),
                owner_id=owners[index % len(owners)].id if index % 2 else None,
                notes=f"Launch notes for {spec['code']}.",
                locales=[CountryLocale(locale_code=loc, position=i)
                         for i, loc in enumerate(spec["locales"])],
            ))
        session.flush()
        for locale in [*full_locales, *small_locales]:
            data = generate_catalog(size.messages, seed=TEMPLATE_SEED, locale=locale,
                                    tag=locale, own=VARIANT_OWN if locale in parents else 1.0)
            result = catalogs.import_file("app", locale, data, filename=f"{locale}.po",
                                          actor=admin)
            session.commit()
            index_for_search(result.catalog.id)
        _audit_history(session, insert(AuditEvent), size.audit_events,
                       [s["code"] for s in specs], rng, admin)
        session.commit()
    app.extensions["db_engine"].dispose()
    return DataSet(
        url=url, size=size, countries=[s["code"] for s in specs], live_countries=live,
        locales=locale_codes, full_locales=full_locales, small_locales=small_locales,
        parents=parents,
        counts={"countries": len(specs), "locales": len(locale_codes),
                "audit_events": size.audit_events},
    )


def spare_locales(data: DataSet, count: int) -> list[str]:
    """Locale ids outside the data set, for catalogs a benchmark adds."""
    from babel.localedata import locale_identifiers

    taken = set(data.locales)
    found = [code for code in sorted(locale_identifiers())
             if "_" in code and code.count("_") == 1 and code.split("_")[1].isalpha()
             and code.split("_")[1].isupper() and code not in taken]
    return found[:count]


AUDIT_ACTIONS = ["country.updated", "country.stage_changed", "catalog.imported",
                 "catalog.translation_saved", "payments.connector_updated", "user.signed_in"]


def _audit_history(session: Any, statement: Any, count: int, countries: list[str],
                   rng: random.Random, admin: Any) -> None:
    """A year of events, inserted in bulk (the table is append-only; inserts are fine)."""
    start = datetime.now(UTC) - timedelta(days=365)
    step = timedelta(days=365) / max(count, 1)
    chunk: list[dict[str, Any]] = []
    for index in range(count):
        country = rng.choice(countries)
        action = AUDIT_ACTIONS[index % len(AUDIT_ACTIONS)]
        chunk.append({
            "created_at": start + step * index,
            "actor_id": admin.id,
            "actor_email": admin.email,
            "action": action,
            "object_type": action.split(".")[0],
            "object_id": country,
            "country_code": country,
            "before": {"max_seats_per_ride": rng.randint(1, 8)},
            "after": {"max_seats_per_ride": rng.randint(1, 8)},
            "reason": "Routine change" if index % 3 else None,
            "request_id": f"bench-{index}",
        })
        if len(chunk) == 5000:
            session.execute(statement, chunk)
            chunk = []
    if chunk:
        session.execute(statement, chunk)
