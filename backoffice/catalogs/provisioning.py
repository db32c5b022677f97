"""Catalogs that must exist: every locale a country uses has one per product domain.

A product domain is a template ``LOCALES_DIR/<domain>.pot`` (``domains.is_product_domain``).
Creating a country, adding a locale to one, importing the country files or asking for it
in the console creates each missing catalog from its domain's template, with the
locale's own header (language, CLDR's plural rule). A variant's new catalog starts empty
and inherits everything from its parent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.catalogs import po
from backoffice.catalogs.domains import is_product_domain, validate_domain
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import files as catalog_files
from backoffice.catalogs.operations import imports, queries, template_update
from backoffice.catalogs.plurals import default_plural_rule
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.files import inside, write_atomically
from backoffice.countries.models import CountryLocale


@dataclass(frozen=True)
class MissingCatalog:
    domain: str
    locale: str


def _locales_dir() -> Path:
    return Path(current_app.config["LOCALES_DIR"])


def template_path(domain: str) -> Path:
    return inside(_locales_dir(), f"{validate_domain(domain)}.pot")


def product_domains() -> list[str]:
    """The product's domains: each template in ``LOCALES_DIR`` but the console's own."""
    folder = _locales_dir()
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.pot") if is_product_domain(path.stem))


def missing_catalogs(locales: Iterable[str]) -> list[MissingCatalog]:
    """The catalogs these locales need and do not have yet, in a stable order (one query)."""
    locales = list(dict.fromkeys(locales))
    have = {(c.domain, c.locale_code) for c in queries.catalogs_for_locales(locales)}
    return [MissingCatalog(domain, locale) for locale in locales for domain in product_domains()
            if (domain, locale) not in have]


def new_catalog_bytes(domain: str, locale: str) -> bytes:
    """The domain's template as a new catalog of ``locale``: its header says which."""
    path = template_path(domain)
    if not path.is_file():
        raise OperationError(_("There is no template %(name)s.pot to create the catalog from.",
                               name=domain), "domain")
    template = po.parse(path.read_bytes(), filename=path.name)
    template.set_header_value("Language", locale)
    template.set_header_value("Language-Team", locale)
    # A language CLDR does not know keeps the template's header until someone sets it.
    with contextlib.suppress(ValueError, LookupError):
        template.set_header_value("Plural-Forms", default_plural_rule(locale).header)
    return po.serialize(template)


def create_missing(locales: Sequence[str], *, actor: Any = None) -> list[Catalog]:
    """Create every missing catalog of these locales from the templates (audited each)."""
    created = []
    for missing in missing_catalogs(locales):
        result = imports.import_file(
            missing.domain, missing.locale, new_catalog_bytes(missing.domain, missing.locale),
            filename=f"{missing.domain}.pot", actor=actor)
        created.append(result.catalog)
    return created


def locales_in_use() -> list[str]:
    """Every locale some country uses (one query)."""
    return list(db.session.scalars(
        select(CountryLocale.locale_code).distinct().order_by(CountryLocale.locale_code)))


@dataclass(frozen=True)
class DomainUpdate:
    """What one template update did: catalogs created, and each catalog's counts."""

    domain: str
    created: list[str]
    updated: dict[str, template_update.UpdateResult]


def update_domain(domain: str, template: bytes, *, actor: Any = None,
                  store: bool = False) -> DomainUpdate:
    """Bring the domain in line with ``template``: every catalog updated, and every locale
    in use given the catalog it lacks. A broken template is refused before any change.

    ``store`` writes the template to ``LOCALES_DIR/<domain>.pot`` first (a push from the
    product's CI); the file is written only once the template has been read without error.
    """
    domain = validate_domain(domain)
    path = template_path(domain)
    catalog_files.parse_file(template, path.name)  # refuse a broken template, changing nothing
    if store:
        write_atomically(path, template)
    created = [c.locale_code for c in create_missing(locales_in_use(), actor=actor)
               if c.domain == domain]
    updated = {}
    for catalog in queries.list_catalogs():
        if catalog.domain == domain:
            updated[catalog.locale_code] = template_update.update_from_template(
                catalog, template, actor=actor, filename=path.name)
    return DomainUpdate(domain, created, updated)


def on_locales_set(_country: Any, *, locales: Sequence[str], actor: Any = None) -> None:
    """A country's locales were set: each gets its catalogs (``countries.signals``)."""
    create_missing(locales, actor=actor)
