from __future__ import annotations

import click
from flask.cli import with_appcontext

from backoffice.core.cli import committed
from backoffice.core.db import db
from backoffice.core.errors import OperationError
from backoffice.countries.labels import stage_label
from backoffice.countries.queries import get_country
from backoffice.launch import operations
from backoffice.launch.gates import GateContext, blocking, readiness, risks


@click.group("launch")
def launch() -> None:
    """Readiness and stage moves (the same gates as the console and the API)."""


@launch.command("readiness")
@click.argument("code")
@with_appcontext
def show_readiness(code: str) -> None:
    """Print every gate of the country CODE and its state now.

    Exits 1 when the next stage is blocked or a live country is at risk (a gate into
    live fails now), 0 when the way on is open.
    """
    try:
        country = get_country(code)
    except OperationError as error:
        raise click.ClickException(error.message) from None
    ctx = GateContext.load([country])
    state = ctx.states[country.code]
    gates = readiness(country, ctx)
    click.echo(f"{country.code}: {stage_label(state.public_stage)}")
    for stage, stage_gates in gates.items():
        click.echo(f"Gates into {stage_label(stage)}:")
        for gate in stage_gates:
            mark = "pass" if gate.passed else ("warn" if gate.severity == "warning" else "FAIL")
            click.echo(f"  [{mark}] {gate.message}")
    at_risk = risks([country], ctx).get(country.code)
    if at_risk:
        click.echo(f"{country.code} is at risk: " + " ".join(g.message for g in at_risk))
        raise SystemExit(1)
    following = operations.next_stage(state)
    if following is None:
        click.echo("No stage comes next.")
        return
    failing = blocking(gates.get(following, []))
    if failing:
        click.echo(f"The move to {stage_label(following)} is blocked: "
                   + " ".join(g.message for g in failing))
        raise SystemExit(1)
    click.echo(f"The move to {stage_label(following)} is open.")


@launch.command("move")
@click.argument("code")
@click.argument("stage")
@click.option("--reason", required=True, help="Why: kept in the country's history.")
@click.option("--at", "at_local", help="Local time in the country, YYYY-MM-DDTHH:MM.")
@with_appcontext
def move(code: str, stage: str, reason: str, at_local: str | None) -> None:
    """Move the country CODE to STAGE now, or at a local time in its time zone."""
    with committed():
        change = operations.move(get_country(code), stage, reason=reason, at_local=at_local)
    click.echo(f"{code}: {change.from_stage} -> {change.to_stage} ({change.status}).")


@launch.command("apply-due")
@with_appcontext
def apply_due() -> None:
    """Record the scheduled changes whose time has come (readers already see them)."""
    applied = operations.apply_due_changes()
    db.session.commit()
    click.echo(f"{len(applied)} scheduled change(s) applied.")
