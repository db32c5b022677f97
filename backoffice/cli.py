"""The ``backoffice`` command: Flask's CLI with the app's own groups."""

from __future__ import annotations

from flask.cli import FlaskGroup

from backoffice.app import create_app

cli = FlaskGroup(create_app=lambda: create_app(), help="The country-launch backoffice.")


def main() -> None:
    cli(prog_name="backoffice")
