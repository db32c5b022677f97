"""The ``backoffice`` command: the product's own command group.

Its help lists the commands from the table below without importing them, so that
``backoffice --help`` answers at once: no Flask, no app and no database before a command
actually runs. A command's module is imported when that command is asked for; the app is
built when the command needs it (``with_appcontext``), through the ``ScriptInfo`` given to
every command as its context object.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

# name: (module:attribute, summary). The summary is the command's own (a test compares
# them); it is written here so that listing the commands imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "catalogs": ("backoffice.catalogs.cli:catalogs", "Translation catalogs."),
    "countries": ("backoffice.countries.cli:countries", "Country configuration files."),
    "db": ("backoffice.core.cli:db_group", "Database schema migrations."),
    "demo": ("backoffice.demo:demo", "Demo data."),
    "launch": ("backoffice.launch.cli:launch",
               "Readiness and stage moves (the same gates as the console and the API)."),
    "payments": ("backoffice.payments.cli:payments", "Online payment."),
    "routes": ("backoffice.cli_server:routes", "List the console's and the API's routes."),
    "run": ("backoffice.cli_server:run", "Serve the console (development server)."),
    "shell": ("backoffice.cli_server:shell", "A Python shell with the app loaded."),
    "users": ("backoffice.accounts.cli:users", "Console users."),
    "worker": ("backoffice.tasks.worker:worker",
               "Run background tasks: mails, digests, health checks, monitors."),
}


def _create_app() -> Any:
    from backoffice.app import create_app

    return create_app()


def script_info() -> Any:
    """What ``with_appcontext`` needs to build the app (Flask is imported only now)."""
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=_create_app, set_debug_flag=False, load_dotenv_defaults=False)


def full_summaries(command: click.Command) -> click.Command:
    """Give every command under ``command`` its whole first paragraph as its summary, so
    that no listing cuts it in the middle of a sentence (Click shortens to fit)."""
    if command.short_help is None and command.help:
        first = command.help.strip().split("\n\n")[0]
        command.short_help = " ".join(first.split())
    for sub in getattr(command, "commands", {}).values():
        full_summaries(sub)
    return command


class BackofficeGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attribute = COMMANDS[name][0].partition(":")
        return full_summaries(getattr(importlib.import_module(module), attribute))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in sorted(COMMANDS.items())])

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.obj is None:
            ctx.obj = script_info()
        os.environ.setdefault("FLASK_RUN_FROM_CLI", "true")
        return super().invoke(ctx)


cli = BackofficeGroup(
    "backoffice",
    help="The country-launch backoffice: countries, catalogs, launches and online payment.\n\n"
         "The database is DATABASE_URL (SQLite in instance/ by default). Run "
         "'backoffice COMMAND --help' for a command's options.",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def main() -> None:
    cli(prog_name="backoffice")
