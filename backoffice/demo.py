"""``backoffice demo load``: a realistic data set for trying the console.

Demo accounts exist only here, never by default. Loading twice changes nothing.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from backoffice.accounts import operations as accounts
from backoffice.catalogs.demo import load_catalogs
from backoffice.core.db import db
from backoffice.countries.demo import load_countries
from backoffice.idchecks.demo import load_idcheck_policies
from backoffice.launch.demo import launch_countries
from backoffice.marketing.demo import load_marketing_plans
from backoffice.memory.demo import load_machine_translation
from backoffice.payments.demo import load_payments

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
DEMO_STEPS: list = [
    ("catalogs", load_catalogs),
    ("countries", load_countries),
    ("launch stages", launch_countries),
    ("payments", load_payments),
    ("ID-check policies", load_idcheck_policies),
    ("marketing plans", load_marketing_plans),
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
    with click.progressbar(steps, label="Loading demo data",
                           item_show_func=lambda s: s[0] if s else None) as bar:
        for _name, step in bar:
            step()
            db.session.flush()
    db.session.commit()
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for email, role, locales, _countries in DEMO_USERS:
        scope = f"  locales: {', '.join(locales)}" if locales else ""
        click.echo(f"  {role:<15} {email}{scope}")
