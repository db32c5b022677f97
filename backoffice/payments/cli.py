"""``backoffice payments ...``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from backoffice.core.db import db


@click.group("payments")
def payments() -> None:
    """Online payment."""


@payments.command("apply-due")
@with_appcontext
def apply_due() -> None:
    """Record the scheduled changes whose time has come (readers already see them).

    The same as ``backoffice launch apply-due``: a country's state log holds both its
    stage moves and its payment switch-ons.
    """
    from backoffice.payments.changes import apply_due_changes

    applied = apply_due_changes()
    db.session.commit()
    for change in applied:
        if change.kind == "payment":
            click.echo(f"{change.country_code}: online payment switched on "
                       f"(request #{change.payment_request_id})")
        else:
            click.echo(f"{change.country_code}: {change.from_stage} -> {change.to_stage}")
    click.echo(f"{len(applied)} change(s) applied.")
