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
    """Persist approved payment switches whose scheduled time has come (idempotent)."""
    from backoffice.payments.changes import apply_due_changes

    applied = apply_due_changes()
    db.session.commit()
    for change in applied:
        click.echo(f"{change.country_code}: online payment switched on (request #{change.id})")
    click.echo(f"{len(applied)} change(s) applied.")
