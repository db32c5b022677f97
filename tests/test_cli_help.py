"""The ``backoffice`` command's own help: complete, the product's, and fast."""

from __future__ import annotations

import io
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from backoffice import cli as cli_module
from backoffice.cli import COMMANDS, cli
from backoffice.core.progress import progress


def _help(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="backoffice")
    assert result.exit_code == 0, result.output
    return result.output


def test_top_level_help_is_the_products(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_app() -> None:
        raise AssertionError("--help built the app")

    monkeypatch.setattr(cli_module, "_create_app", no_app)
    text = " ".join(_help().split())
    assert "countries, catalogs, launches and online payment" in text
    assert "Flask" not in text and "--app" not in text and "--version" not in text
    for name, (_, summary) in COMMANDS.items():
        assert name in text
        assert summary in text
    assert "..." not in text.split("Commands:")[1]


def test_help_imports_neither_flask_nor_the_database() -> None:
    code = ("import sys\nfrom backoffice.cli import main\nsys.argv = ['backoffice', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('flask', 'sqlalchemy', 'backoffice.app') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().endswith("[]"), out


def _all_commands() -> list[tuple[list[str], click.Command]]:
    found = []

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                found.append(([*path, name], sub))
                walk(sub, [*path, name])

    walk(cli, [])
    return found


def test_summaries_listed_at_the_top_are_the_commands_own() -> None:
    ctx = click.Context(cli)
    for name, (_, summary) in COMMANDS.items():
        assert cli.get_command(ctx, name).get_short_help_str() == summary


@pytest.mark.parametrize("width", [60, 80])
def test_every_command_and_option_has_complete_help(
        width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    commands = _all_commands()
    assert len(commands) > 25
    for path, command in commands:
        assert command.help, path
        assert not command.get_short_help_str(limit=width).endswith("..."), path
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, (path, param.opts)
        if isinstance(command, click.Group):
            assert "..." not in _help(*path).split("Commands:")[1], path


def test_catalogs_check_documents_domain_and_locale() -> None:
    text = " ".join(_help("catalogs", "check").split())
    assert "--domain TEXT Only the catalogs of this product domain" in text
    assert "--locale TEXT Only the catalogs of this locale" in text


def test_progress_is_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    with progress(["pl_PL", "es_MX"], "Compiling", str, stream=out) as bar:
        assert list(bar) == ["pl_PL", "es_MX"]
    assert out.getvalue().splitlines() == [
        "Compiling 1/2: pl_PL", "Compiling 2/2: es_MX", "Compiling: 2 done."]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_with_counts_on_a_terminal() -> None:
    out = _Terminal()
    with progress(["a", "b", "c"], "Exporting", str, stream=out) as bar:
        assert list(bar) == ["a", "b", "c"]
    text = out.getvalue()
    assert "Exporting" in text and "3/3" in text and "\r" in text


def test_demo_sign_ins_end_with_the_accounts_and_the_url() -> None:
    result = CliRunner().invoke(cli, ["demo", "sign-ins", "--url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    assert "The console is on http://127.0.0.1:5000" in result.output
    assert result.output.rstrip().splitlines()[-1].strip().startswith("viewer")
