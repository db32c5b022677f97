"""What a route acts on, by country and locale: the resolvers routes declare as ``scope``.

Each turns the request into ``Target``s; ``User.may`` decides, in one place, whether the
person's scope covers them (``backoffice.core.permissions``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import request
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.permissions import Resolver, Target
from backoffice.countries.models import CountryLocale, Locale

MAX_DEPTH = 32  # deeper than any real chain of variants; a cycle stops here too


def country(code: object) -> Target:
    text = code.strip().upper() if isinstance(code, str) else ""
    return Target("country", text[:8])


def country_arg(name: str = "code") -> Resolver:
    """The country named by the route (``/countries/<code>/...``)."""
    return lambda args: [country(args.get(name))]


def country_field(name: str = "code") -> Resolver:
    """The country named by the submitted form or JSON body (creating a country)."""

    def resolve(_args: Mapping[str, Any]) -> Iterable[Target]:
        body = request.get_json(silent=True) if request.is_json else None
        value = body.get(name) if isinstance(body, dict) else request.form.get(name)
        return [country(value)]

    return resolve


def locale(code: object) -> Target:
    """A locale with the countries its text reaches and the locales inheriting from it."""
    text = code.strip() if isinstance(code, str) else ""
    parents = dict(db.session.execute(select(Locale.code, Locale.parent_code)).all())
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if parent:
            children.setdefault(parent, []).append(child)
    reached, frontier = {text}, [text]
    for _ in range(MAX_DEPTH):
        frontier = [c for code in frontier for c in children.get(code, []) if c not in reached]
        if not frontier:
            break
        reached.update(frontier)
    users = db.session.execute(select(CountryLocale.country_code).where(
        CountryLocale.locale_code.in_(sorted(reached)))).scalars()
    return Target("locale", text, countries=frozenset(users),
                  descendants=frozenset(reached - {text}))


def locale_arg(name: str = "locale") -> Resolver:
    """The locale named by the route (``/catalogs/<domain>/<locale>/...``)."""
    return lambda args: [locale(args.get(name))]


def locale_field(name: str = "locale") -> Resolver:
    """The locale named by the submitted form (an upload)."""
    return lambda _args: [locale(request.form.get(name))]
