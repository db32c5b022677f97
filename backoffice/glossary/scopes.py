"""Which locales a glossary route reaches: every locale of its language (a reviewer of
fr_FR alone does not change the terms fr_BE's translators are held to)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.permissions import Resolver, Target
from backoffice.countries import scopes
from backoffice.countries.models import Locale


def language_locales(name: str = "language") -> Resolver:
    def resolve(args: Mapping[str, Any]) -> Iterable[Target]:
        language = str(args.get(name) or "").lower()[:8]
        codes = [code for code in db.session.scalars(select(Locale.code))
                 if code.split("_")[0].lower() == language]
        return [scopes.locale(code) for code in sorted(codes)] or [scopes.locale(language)]

    return resolve
