"""``backoffice launch readiness`` tells the truth in its exit code."""

from __future__ import annotations

from click.testing import Result
from flask import Flask
from sqlalchemy.orm import Session

from tests.support.fixture_types import MakeCountry, Translate


def _readiness(app: Flask, code: str) -> Result:
    return app.test_cli_runner().invoke(args=["launch", "readiness", code])


def test_blocked_next_stage_exits_1_and_says_which(
        app: Flask, db: Session, make_country: MakeCountry, translate: Translate) -> None:
    make_country("PL")
    translate("pl_PL", translated=2)
    db.flush()
    result = _readiness(app, "PL")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == "PL: Translating"
    assert "The move to Live is blocked: pl_PL app: 2 of 3 messages translated" in result.output


def test_open_next_stage_exits_0(
        app: Flask, db: Session, make_country: MakeCountry, translate: Translate) -> None:
    make_country("PL")
    translate("pl_PL")
    db.flush()
    result = _readiness(app, "PL")
    assert result.exit_code == 0, result.output
    assert "The move to Live is open." in result.output


def test_a_live_country_at_risk_exits_1(app: Flask, db: Session, make_country: MakeCountry) -> None:
    make_country("PL", stage="live")  # live, but its locale has no catalog
    db.flush()
    result = _readiness(app, "PL")
    assert result.exit_code == 1
    assert "PL is at risk: pl_PL app: there is no catalog yet." in result.output


def test_an_unknown_country_is_an_error(app: Flask, db: Session) -> None:
    result = _readiness(app, "ZZ")
    assert result.exit_code == 1 and "There is no country ZZ." in result.output
