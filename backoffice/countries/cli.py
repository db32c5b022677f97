"""``backoffice countries import|export|check``: the country files in ``countries/``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import click
from flask import current_app
from flask.cli import with_appcontext

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.core.progress import progress
from backoffice.countries import toml_files
from backoffice.countries.queries import all_countries

dir_option = click.option(
    "--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
    help="Folder of country files (default: the COUNTRIES_DIR setting, countries/).",
)

T = TypeVar("T")


def _folder(folder: Path | None) -> Path:
    return folder or Path(current_app.config["COUNTRIES_DIR"])


def _progress(label: str) -> Callable[[Iterable[T]], Iterator[T]]:
    def wrap(items: Iterable[T]) -> Iterator[T]:
        with progress(items, label, _item_name) as bar:
            yield from bar
    return wrap


def _item_name(item: object) -> str | None:
    if item is None:
        return None
    path = getattr(item, "path", item)
    return getattr(path, "name", str(path))


def _fail(messages: list[str]) -> None:
    db.session.rollback()
    for message in messages:
        click.echo(message, err=True)
    click.echo(f"{len(messages)} problem(s) found; nothing was changed.", err=True)
    raise SystemExit(1)


@click.group("countries")
def countries() -> None:
    """Country configuration files."""


@countries.command("import")
@dir_option
@click.option("--reason", default="imported from countries/", show_default=True,
              help="Why, for each country's history.")
@with_appcontext
def import_command(folder: Path | None, reason: str) -> None:
    """Validate every file, then create or update the countries (all or nothing)."""
    folder = _folder(folder)
    try:
        files = toml_files.validate_folder(folder, progress=_progress("Checking"))
        # Stage moves go through the launch pipeline, which the app factory provides.
        result = toml_files.import_files(files, reason=reason, progress=_progress("Importing"),
                                         move=current_app.extensions["stage_move"])
    except toml_files.FolderError as error:
        _fail(error.messages)
        return
    except OperationError as error:
        _fail([error.message])
        return
    db.session.commit()
    click.echo(f"{len(result.created)} created, {len(result.updated)} updated, "
               f"{len(result.unchanged)} unchanged.")


@countries.command("export")
@dir_option
@with_appcontext
def export_command(folder: Path | None) -> None:
    """Write one file per country; files whose content did not change are left untouched."""
    folder = _folder(folder)

    result = toml_files.export_folder(folder, _progress("Exporting")(all_countries()))
    click.echo(f"{len(result.written)} written, {len(result.unchanged)} unchanged, in {folder}.")


@countries.command("check")
@dir_option
@with_appcontext
def check_command(folder: Path | None) -> None:
    """Validate the files without changing anything; exit 1 when one is invalid."""
    folder = _folder(folder)
    try:
        files = toml_files.validate_folder(folder, progress=_progress("Checking"))
    except toml_files.FolderError as error:
        _fail(error.messages)
        return
    finally:
        db.session.rollback()
    click.echo(f"{len(files)} file(s) valid in {folder}.")
