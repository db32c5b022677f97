"""``backoffice demo load``: a realistic data set for trying the console.

Demo accounts exist only here, never by default. Loading twice changes nothing.
"""

from __future__ import annotations

from typing import Any

import click
from flask.cli import with_appcontext

from backoffice.accounts import operations as accounts
from backoffice.catalogs.demo import load_catalogs
from backoffice.core.db import db
from backoffice.core.progress import progress
from backoffice.countries.demo import load_countries
from backoffice.glossary.demo import load_glossaries
from backoffice.idchecks.demo import load_idcheck_policies
from backoffice.launch.demo import launch_countries
from backoffice.marketing.demo import load_marketing_plans
from backoffice.memory.demo import load_machine_translation
from backoffice.moderation.demo import load_moderation
from backoffice.opportunities.demo import load_opportunities
from backoffice.payments.demo import load_payments
from backoffice.playbook.demo import load_playbook

DEMO_PASSWORD = "carpool-demo-2026"  # noqa: S105 - published demo credential, demo data only

DEMO_USERS = [
    ("admin@demo.example", "admin", (), ()),
    ("launch@demo.example", "launch_manager", (), ()),
    ("translator@demo.example", "translator", ("pl_PL", "es_MX", "fr_BE"), ()),
    ("reviewer@demo.example", "reviewer", ("pl_PL", "es_MX", "fr_BE"), ()),
    ("finance@demo.example", "finance", (), ()),
    ("finance2@demo.example", "finance", (), ()),
    ("viewer@demo.example", "viewer", (), ()),
]

# In order: later steps use what earlier ones created.
DEMO_STEPS: list[Any] = [
    ("catalogs", load_catalogs),
    ("countries", load_countries),
    ("launch stages", launch_countries),
    ("payments", load_payments),
    ("ID-check policies", load_idcheck_policies),
    ("marketing plans", load_marketing_plans),
    ("glossaries", load_glossaries),
    ("moderation", load_moderation),
    ("playbook", load_playbook),
    ("opportunities", load_opportunities),
    ("translation memory and machine drafts", load_machine_translation),
]


def load_users() -> int:
    created = 0
    for email, role, locales, countries in DEMO_USERS:
        if accounts.find_user_by_email(email) is None:
            accounts.create_user(
                email, role, DEMO_PASSWORD, locales=locales, countries=countries,
                reason="demo data",
            )
            created += 1
    return created


@click.group("demo")
def demo() -> None:
    """Demo data."""


@demo.command("load")
@with_appcontext
def load() -> None:
    """Load the demo data set (idempotent)."""
    steps = [("users", load_users), *DEMO_STEPS]
    with progress(steps, "Loading demo data", lambda s: s[0]) as bar:
        for _name, step in bar:
            step()
            db.session.flush()
    db.session.commit()
    _print_sign_ins()


@demo.command("sign-ins")
@click.option("--url", default=None, help="The console's address, printed first.")
def sign_ins(url: str | None) -> None:
    """Print the demo accounts and their password (needs no database)."""
    if url:
        click.echo(f"\nThe console is on {url}")
    _print_sign_ins()


def _print_sign_ins() -> None:
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for email, role, locales, _countries in DEMO_USERS:
        scope = f"  locales: {', '.join(locales)}" if locales else ""
        click.echo(f"  {role:<15} {email}{scope}")
