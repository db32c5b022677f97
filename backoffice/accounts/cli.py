from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from backoffice.accounts import operations
from backoffice.core.cli import committed
from backoffice.core.permissions import Role


@click.group("users")
def users() -> None:
    """Console users."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="What the user may do (viewer is the least powerful).")
@click.option("--locale", "locales", multiple=True, help="Locale to work on (repeatable).")
@click.option("--country", "countries", multiple=True, help="Country to manage (repeatable).")
@with_appcontext
def create(email: str, role: str, locales: tuple[str, ...], countries: tuple[str, ...]) -> None:
    """Create a user. The password comes from BACKOFFICE_PASSWORD, else it is asked for."""
    password = os.environ.get("BACKOFFICE_PASSWORD")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with committed():
        user = operations.create_user(
            email, role, password, locales=locales, countries=countries,
            reason="created from the command line",
        )
    click.echo(f"Created {user.email} ({user.role}).")


@users.command("reset-second-factor")
@click.argument("email")
@click.option("--reason", required=True, help="Why, for the audit log.")
@with_appcontext
def reset_second_factor(email: str, reason: str) -> None:
    """Forget EMAIL's authenticator: they set up a new one at their next sign-in.

    For a person who lost both their phone and their recovery codes when no other admin
    can reset it in the console. Their sessions end.
    """
    user = operations.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    with committed():
        operations.reset_second_factor(user, by=None, reason=f"command line: {reason}")
    click.echo(f"The authenticator of {user.email} was reset.")
