"""A catalog's figures page: coverage in messages and in source words, and who did what
each week."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from backoffice.catalogs import operations, stats
from backoffice.core.permissions import Permission, requires
from backoffice.countries.scopes import locale_arg

bp = Blueprint("catalog_stats", __name__, url_prefix="/catalogs", template_folder="templates")


@bp.route("/<domain>/<locale>/figures")
@requires(Permission.CATALOGS_READ, scope=locale_arg())
def figures(domain: str, locale: str) -> ResponseReturnValue:
    catalog = operations.get_catalog(domain, locale)
    weeks, people = stats.weekly_activity(catalog)
    return render_template("catalogs/figures.html", catalog=catalog,
                           coverage=stats.word_coverage(catalog), weeks=weeks, people=people)
