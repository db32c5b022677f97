from __future__ import annotations

import click
from flask.cli import with_appcontext

from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.launch import operations
from backoffice.launch.gates import readiness


@click.group("launch")
def launch() -> None:
    """Readiness and stage moves (the same gates as the console and the API)."""


@launch.command("readiness")
@click.argument("code")
@with_appcontext
def show_readiness(code: str) -> None:
    """Print every gate of COUNTRY; exit 1 if the next stage is blocked."""
    try:
        country = operations.get_country(code)
    except OperationError as error:
        raise click.ClickException(error.message) from None
    for stage, gates in readiness(country).items():
        click.echo(f"Gates into {stage}:")
        for gate in gates:
            mark = "pass" if gate.passed else ("warn" if gate.severity == "warning" else "FAIL")
            click.echo(f"  [{mark}] {gate.message}")


@launch.command("move")
@click.argument("code")
@click.argument("stage")
@click.option("--reason", required=True)
@click.option("--at", "at_local", help="Local time in the country, YYYY-MM-DDTHH:MM.")
@with_appcontext
def move(code: str, stage: str, reason: str, at_local: str | None) -> None:
    """Move COUNTRY to STAGE now, or at a local time."""
    try:
        change = operations.move(operations.get_country(code), stage, reason=reason,
                                 at_local=at_local)
    except OperationError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{code}: {change.from_stage} -> {change.to_stage} ({change.status}).")


@launch.command("apply-due")
@with_appcontext
def apply_due() -> None:
    """Record the scheduled moves whose time has come (readers already see them)."""
    applied = operations.apply_due_changes()
    db.session.commit()
    click.echo(f"{len(applied)} scheduled change(s) applied.")
