"""``backoffice catalogs ...``: the database's catalogs and their files in ``locales/``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from backoffice.catalogs.domains import is_product_domain
from backoffice.catalogs.fidelity import fidelity
from backoffice.catalogs.gettext_tools import (
    MsgfmtMissing,
    MsgfmtRefused,
    compile_mo,
    msgfmt_problems,
)
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import charset, imports, queries
from backoffice.catalogs.operations import export as catalog_export
from backoffice.core.cli import committed
from backoffice.core.files import inside
from backoffice.core.progress import progress


@click.group("catalogs")
def catalogs() -> None:
    """Translation catalogs."""


def _locales_dir() -> Path:
    return Path(current_app.config["LOCALES_DIR"])


def catalog_files(folder: Path, domain: str | None = None) -> list[tuple[str, str, Path]]:
    """(domain, locale, path) of every product catalog in a folder laid out like
    ``locales/``; parent locales come before their variants' files only by name (order does
    not matter: inherited counts are refreshed either way). The console's own catalogs sit
    in the same folder but are not product catalogs: they are left out."""
    found = []
    for path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        name = path.stem
        if (domain and name != domain) or not is_product_domain(name):
            continue
        found.append((name, path.parent.parent.name, path))
    return found


@catalogs.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--locale", help="Locale of the file (not for a folder).")
@click.option("--domain", default="app", show_default=True,
              help="Product domain of the file (a folder names the domains of its files).")
@click.option("--mode", type=click.Choice(imports.IMPORT_MODES), default="fill",
              show_default=True, help="fill empty only, overwrite, or bring in as drafts")
@with_appcontext
def import_command(path: Path, locale: str | None, domain: str, mode: str) -> None:
    """Import a .po file, or every catalog of a folder in the locales/ layout."""
    if path.is_dir():
        if locale:
            raise click.UsageError("--locale is for one file; a folder names its locales.")
        files = catalog_files(path, None)
        if not files:
            raise click.ClickException(f"No <locale>/LC_MESSAGES/<domain>.po file in {path}.")
    else:
        if not locale:
            raise click.UsageError("--locale is required to import one file.")
        files = [(domain, locale, path)]
    results = []
    with committed(), progress(files, "Importing", lambda f: f"{f[0]}/{f[1]}") as bar:
        for file_domain, file_locale, file_path in bar:
            result = imports.import_file(
                file_domain, file_locale, file_path.read_bytes(), mode=mode,
                filename=str(file_path),
            )
            results.append((file_domain, file_locale, result))
    for file_domain, file_locale, result in results:
        what = "created" if result.created else f"{result.changed} changed"
        click.echo(f"{file_domain}/{file_locale}: {what}, {result.skipped} kept, "
                   f"{result.unknown} unknown")
        for warning in result.messages:
            click.echo(f"{file_domain}/{file_locale}: warning: {warning}")


@catalogs.command("export")
@click.option("--locale", required=True, help="Locale of the catalog, such as pl_PL.")
@click.option("--domain", default="app", show_default=True, help="Product domain.")
@click.option("--output", type=click.Path(path_type=Path), help="File to write (default: "
              "back into LOCALES_DIR).")
@click.option("--flatten", is_flag=True, help="Fill a variant's gaps with its parent's text.")
@with_appcontext
def export_command(locale: str, domain: str, output: Path | None, flatten: bool) -> None:
    """Write a catalog back to its .po file."""
    with committed():
        catalog = queries.get_catalog(domain, locale)
        path = catalog_export.export_to_dir(
            catalog, str(_locales_dir()), flatten=flatten,
            output=str(output) if output else None,
        )
    click.echo(f"Wrote {path}")


@catalogs.command("compile")
@click.option("--domain", default=None, help="Only this domain (default: all).")
@with_appcontext
def compile_command(domain: str | None) -> None:
    """Compile every catalog (variants flattened) to .mo files in LOCALES_DIR."""
    # Only the product's domains: the console's own .mo files ship with the code.
    chosen = [c for c in queries.list_catalogs()
              if domain in (None, c.domain) and is_product_domain(c.domain)]
    with progress(chosen, "Compiling", lambda c: f"{c.domain}/{c.locale_code}") as bar:
        warnings = []
        for catalog in bar:
            target = inside(_locales_dir(), catalog.locale_code, "LC_MESSAGES",
                            f"{catalog.domain}.mo")
            data, skipped = catalog_export.compile_input(catalog)
            warnings += [f"{catalog.domain}/{catalog.locale_code}: warning: {w}" for w in skipped]
            try:
                compile_mo(data, target)
            except MsgfmtRefused as error:
                raise click.ClickException(str(error)) from None
    click.echo("\n".join([*warnings, f"Compiled {len(chosen)} catalogs."]))


@catalogs.command("update")
@click.option("--domain", default="app", show_default=True,
              help="The product domain whose template LOCALES_DIR/<domain>.pot is used.")
@with_appcontext
def update_command(domain: str) -> None:
    """Update every catalog of DOMAIN from LOCALES_DIR/<domain>.pot.

    Locales that countries use and that have no catalog of DOMAIN get one.
    """
    from backoffice.catalogs import provisioning

    with committed():
        template = provisioning.template_path(domain)
        if not template.is_file():
            raise click.ClickException(f"No template at {template}.")
        outcome = provisioning.update_domain(domain, template.read_bytes())
    for locale in outcome.created:
        click.echo(f"{locale}: created from the template")
    for locale, result in outcome.updated.items():
        click.echo(f"{locale}: {result.added} new, {result.fuzzy} drafts from similar "
                   f"messages, {result.obsoleted} obsolete")
        if result.converted_from:
            click.echo(f"{locale}: converted from {result.converted_from} to UTF-8 to hold "
                       "the template's text")


@catalogs.command("check")
@click.option("--domain", default=None,
              help="Only the catalogs of this product domain (default: every domain).")
@click.option("--locale", default=None,
              help="Only the catalogs of this locale, such as pl_PL (default: every locale).")
@click.option("--against-msgfmt", is_flag=True,
              help="Also run GNU msgfmt -c on the export of every catalog, and say which "
                   "exports are still the imported file byte for byte.")
@with_appcontext
def check_command(domain: str | None, locale: str | None, against_msgfmt: bool) -> None:
    """Run the checks on every catalog; exit status 1 when an error is found (or, with
    --against-msgfmt, when msgfmt refuses what the database would write)."""
    errors = warnings = refused = 0
    chosen = [c for c in queries.list_catalogs()
              if domain in (None, c.domain) and locale in (None, c.locale_code)]
    for catalog in chosen:
        for message, findings in queries.check_catalog(catalog):
            for finding in findings:
                if finding["severity"] == "error":
                    errors += 1
                else:
                    warnings += 1
                click.echo(f"{catalog.domain}/{catalog.locale_code}: {finding['severity']}: "
                           f"{message.msgid[:60]!r}: {finding['message']}")
        if against_msgfmt:
            refused += _against_msgfmt(catalog)
    click.echo(f"{errors} errors, {warnings} warnings.")
    if against_msgfmt:
        click.echo(f"msgfmt -c refuses {refused} of {len(chosen)} exports.")
    if errors or refused:
        raise SystemExit(1)


def _against_msgfmt(catalog: Catalog) -> int:
    """Report msgfmt's verdict and the fidelity of one catalog's export; 1 if refused."""
    name = f"{catalog.domain}/{catalog.locale_code}"
    try:
        problems = msgfmt_problems(catalog_export.export_bytes(catalog))
    except MsgfmtMissing as error:
        raise click.ClickException(str(error)) from None
    report = fidelity(catalog)
    if not report.imported:
        trust = "not imported from a file"
    elif report.identical:
        trust = "byte-identical to the imported file"
    else:
        trust = (f"{report.edited} entries edited, {report.added} added, {report.removed} "
                 "removed since the import")
    if problems is None:
        click.echo(f"{name}: msgfmt -c accepts the export ({trust})")
        return 0
    click.echo(f"{name}: msgfmt -c refuses the export ({trust}):")
    for line in problems.splitlines():
        click.echo(f"{name}:   {line}")
    return 1


@catalogs.command("convert-utf8")
@click.option("--locale", required=True, help="Locale of the catalog, such as pl_PL.")
@click.option("--domain", default="app", show_default=True, help="Product domain.")
@click.option("--reason", default="", help="Why, for the audit log.")
@with_appcontext
def convert_utf8_command(locale: str, domain: str, reason: str) -> None:
    """Declare UTF-8 in a catalog's header so that it can hold any character (only the
    Content-Type line changes)."""
    with committed():
        catalog = queries.get_catalog(domain, locale)
        old = charset.convert_to_utf8(catalog, reason=reason)
    click.echo(f"{domain}/{locale}: converted from {old} to UTF-8.")
