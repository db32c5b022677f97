"""``backoffice run|shell|routes``: Flask's own development commands, under the product's
words (imported only when one of them runs)."""

from __future__ import annotations

import click
from flask.cli import routes_command, run_command, shell_command


def _renamed(command: click.Command, help_text: str) -> click.Command:
    return click.Command(command.name, callback=command.callback, params=command.params,
                         help=help_text, short_help=help_text.split("\n\n")[0])


run = _renamed(run_command, "Serve the console (development server).\n\n"
               "For a real deployment use gunicorn with wsgi:app (see the README).")
shell = _renamed(shell_command, "A Python shell with the app loaded.")
routes = _renamed(routes_command, "List the console's and the API's routes.")
