"""Finding countries: the one ``get_country`` every domain, view and API uses."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.core.db import db
from backoffice.core.errors import NotFoundError
from backoffice.countries.models import Country


def find_country(code: object) -> Country | None:
    """The country with this ISO code (any case), or None for anything else."""
    if not isinstance(code, str) or not code.strip() or len(code.strip()) != 2:
        return None
    return db.session.get(Country, code.strip().upper())


def get_country(code: object) -> Country:
    """The country with this code, or a 404 error that names it."""
    country = find_country(code)
    if country is None:
        shown = code[:10] if isinstance(code, str) else ""
        raise NotFoundError(_("There is no country %(code)s.", code=shown), "code")
    return country


def all_countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.code)))
