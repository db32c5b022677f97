import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from backoffice.accounts.models import User
from backoffice.cli import cli
from tests.conftest import migrate
from tests.support.fixture_types import MakeApp, NewDatabaseUrl

REPO_LOCALES = Path(__file__).resolve().parent.parent / "locales"


@pytest.fixture
def fresh_app(new_database_url: NewDatabaseUrl, make_app: MakeApp) -> Flask:
    url = new_database_url()
    migrate(url)
    return make_app(url)


def test_users_create(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app = fresh_app
    runner = app.test_cli_runner()
    monkeypatch.setenv("BACKOFFICE_PASSWORD", "a-very-long-password-1")
    result = runner.invoke(args=["users", "create", "t@example.com", "--role", "translator",
                                 "--locale", "pl_PL", "--locale", "es_MX"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from backoffice.core.db import db

        user = db.session.query(User).filter_by(email="t@example.com").one()
        assert user.locales == ["es_MX", "pl_PL"]


def test_users_create_refuses_weak_password(
        fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app = fresh_app
    monkeypatch.setenv("BACKOFFICE_PASSWORD", "")
    result = app.test_cli_runner().invoke(args=["users", "create", "a@example.com",
                                               "--role", "admin"])
    assert result.exit_code == 1
    assert "A password is required." in result.output
    with app.app_context():
        from backoffice.core.db import db

        assert db.session.query(User).count() == 0


def test_users_create_prompts_for_the_password(
        fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app = fresh_app
    monkeypatch.delenv("BACKOFFICE_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(
        args=["users", "create", "a@example.com", "--role", "admin"],
        input="a-very-long-password-1\na-very-long-password-1\n",
    )
    assert result.exit_code == 0, result.output


def test_users_create_unknown_role(fresh_app: Flask) -> None:
    app = fresh_app
    result = app.test_cli_runner().invoke(args=["users", "create", "a@example.com",
                                               "--role", "boss"])
    assert result.exit_code == 2
    assert "'boss' is not one of" in result.output


def test_demo_load_is_idempotent(fresh_app: Flask) -> None:
    app = fresh_app
    shutil.copytree(REPO_LOCALES, app.config["LOCALES_DIR"],
                    ignore=shutil.ignore_patterns("*.mo", "fr"))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.example" in first.output
    steps = re.findall(r"Loading demo data (\d+)/(\d+): ", first.output)
    assert steps and steps[0][0] == "1" and all(total == steps[0][1] for _, total in steps)
    assert int(steps[-1][0]) == int(steps[0][1]), "every step is reported"
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        from backoffice.core.db import db
        from backoffice.countries.queries import all_countries
        from backoffice.launch.gates import GateContext, risks

        assert db.session.query(User).count() == 7
        countries = all_countries()
        ctx = GateContext.load(countries)
        stages = {c.code: ctx.states[c.code].public_stage for c in countries}
        assert stages["FR"] == stages["DE"] == "payments_live"
        assert stages["BE"] == stages["GB"] == stages["ES"] == "live"
        assert stages["RU"] == "paused"
        # The demo is consistent: no live country is at risk, none lacks a catalog.
        assert risks(countries, ctx) == {}


def test_no_account_exists_by_default(fresh_app: Flask) -> None:
    app = fresh_app
    with app.app_context():
        from backoffice.core.db import db

        assert db.session.query(User).count() == 0


def test_console_script_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="backoffice")
    assert "users" in result.output and "db" in result.output
