"""The command line killed mid-write: the database holds a whole import or none of it,
and a catalog file in locales/ is the old one or the new one, never half of either."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from backoffice.catalogs import operations
from backoffice.catalogs.cli import catalog_files
from backoffice.catalogs.models import Catalog, ImportBatch, Message
from backoffice.core.db import db
from tests.catalogs import synthetic
from tests.conftest import migrate
from tests.reliability.editors import assert_msgfmt_accepts
from tests.support.fixture_types import MakeApp, NewDatabaseUrl

REPO = Path(__file__).resolve().parents[2]
BACKOFFICE = REPO / ".venv" / "bin" / "backoffice"
PYTHON = REPO / ".venv" / "bin" / "python"
SIZE = 20_000
EXPORT_SIZE = 5_000  # the file write is what matters here, not the size
LOCALES = ("pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO")


@pytest.fixture(scope="module")
def big_po(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.po"
    path.write_text(synthetic.po_text(synthetic.messages(SIZE)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def export_po(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "export.po"
    path.write_text(synthetic.po_text(synthetic.messages(EXPORT_SIZE)), encoding="utf-8")
    return path


@pytest.fixture
def database(new_database_url: NewDatabaseUrl, tmp_path: Path) -> tuple[str, dict[str, str], Path]:
    url = new_database_url()
    migrate(url)
    locales = tmp_path / "locales"
    locales.mkdir()
    env = {**os.environ, "DATABASE_URL": url, "BACKOFFICE_LOCALES_DIR": str(locales)}
    return url, env, locales


def _run(args: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own program
        [str(BACKOFFICE), *args], env=env, capture_output=True, text=True, timeout=120,
        check=False, **kwargs)


def _kill_after(args: list[str], env: dict, delay: float) -> int:
    process = subprocess.Popen(  # noqa: S603 - our own program
        [str(BACKOFFICE), *args], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    return process.wait(timeout=30)


def _settled(url: str) -> None:
    """PostgreSQL ends a killed client's transaction once it sees the connection gone."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + 15
        with engine.connect() as connection:
            while time.monotonic() < deadline and connection.scalar(text(
                    "select count(*) from pg_stat_activity where datname = current_database()"
                    " and pid <> pg_backend_pid()")):
                time.sleep(0.05)
    finally:
        engine.dispose()


def _state(url: str, locale: str) -> tuple[int, int, bool]:
    """(messages, batches, counters agree) of the locale's catalog; (0, 0, True) if none."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            catalog = connection.execute(
                select(Catalog.id, Catalog.total_count, Catalog.translated_count,
                       Catalog.draft_count)
                .where(Catalog.locale_code == locale)).first()
            if catalog is None:
                return 0, 0, True
            messages = connection.scalar(
                select(func.count()).select_from(Message).where(Message.catalog_id == catalog.id))
            batches = connection.scalar(
                select(func.count()).select_from(ImportBatch)
                .where(ImportBatch.catalog_id == catalog.id))
            done = connection.scalar(
                select(func.count()).select_from(Message).where(
                    Message.catalog_id == catalog.id, Message.state == "translated"))
            drafts = connection.scalar(
                select(func.count()).select_from(Message).where(
                    Message.catalog_id == catalog.id, Message.state == "draft"))
            agree = (catalog.total_count, catalog.translated_count, catalog.draft_count) == (
                messages, done, drafts)
            return messages, batches, agree
    finally:
        engine.dispose()


def _import_kills(database: tuple[str, dict[str, str], Path], big_po: Path, runs: int) -> None:
    url, env, _locales = database
    started = time.monotonic()
    done = _run(["catalogs", "import", str(big_po), "--locale", LOCALES[0]], env)
    assert done.returncode == 0, done.stderr
    whole = time.monotonic() - started
    assert _state(url, LOCALES[0]) == (SIZE, 1, True)
    rng = random.Random(20_000 + runs)
    outcomes = []
    for number in range(runs):
        locale = LOCALES[1 + number % (len(LOCALES) - 1)]
        # A locale comes round again once the others had their turn: it may hold an
        # earlier import that completed, and a completed import adds one batch.
        _count, before, _agree = _state(url, locale)
        delay = rng.uniform(0.3, whole * 1.05)
        status = _kill_after(["catalogs", "import", str(big_po), "--locale", locale], env, delay)
        _settled(url)
        messages, batches, agree = _state(url, locale)
        untouched = (SIZE if before else 0, before)
        assert (messages, batches) in (untouched, (SIZE, before + 1)), (
            locale, delay, messages, batches)
        assert agree, locale
        outcomes.append((round(delay, 2), status, messages))
    print(f"\nimport of {SIZE} messages ({whole:.1f} s) killed after (delay, status, messages): "
          f"{outcomes}")
    assert any(status == -signal.SIGKILL for _delay, status, _count in outcomes)


def test_import_killed_at_random_points_is_all_or_nothing(
        database: tuple[str, dict[str, str], Path], big_po: Path) -> None:
    _import_kills(database, big_po, runs=3)


@pytest.mark.slow
def test_import_killed_at_many_random_points_is_all_or_nothing(
        database: tuple[str, dict[str, str], Path], big_po: Path) -> None:
    _import_kills(database, big_po, runs=12)


def _paused(point: str, args: list[str], env: dict, marker: Path) -> None:
    """Run the command until it pauses at ``point``, then kill it."""
    process = subprocess.Popen(  # noqa: S603 - our own program
        [str(PYTHON), "-m", "tests.reliability.paused_cli", point, str(marker), "--", *args],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "never reached the pause"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    marker.unlink()


def test_export_killed_while_writing_leaves_the_old_or_the_new_file(
        database: tuple[str, dict[str, str], Path], export_po: Path, tmp_path: Path,
        make_app: MakeApp) -> None:
    url, env, locales = database
    app = make_app(url)  # the same database and locales/ folder as the command line
    target = locales / "pl_PL" / "LC_MESSAGES" / "app.po"
    with app.app_context():
        catalog = operations.import_file("app", "pl_PL", export_po.read_bytes()).catalog
        operations.export_to_dir(catalog, str(locales))
        # Change every translation, so that the new file differs from the old throughout.
        changed = export_po.read_text(encoding="utf-8").replace('"[pl', '"[PL')
        operations.import_file("app", "pl_PL", changed.encode(), mode="overwrite")
        new = operations.export_bytes(catalog)
        db.session.commit()
    old = target.read_bytes()
    assert new != old and b'"[PL' in new
    assert target.stat().st_mode & 0o044 == 0o044  # readable like any other file
    args = ["catalogs", "export", "--locale", "pl_PL"]

    def check(*allowed: bytes) -> None:
        assert target.read_bytes() in allowed
        strays = [p.name for p in target.parent.iterdir() if p.name.endswith(".po")]
        assert strays == ["app.po"]
        assert catalog_files(locales) == [("app", "pl_PL", target)]

    for point in ("mid-write", "before-rename"):
        _paused(point, args, env, tmp_path / "paused")
        check(old)
    started = time.monotonic()
    assert _run(args, env).returncode == 0
    whole = time.monotonic() - started
    check(new)
    assert target.stat().st_mode & 0o044 == 0o044
    assert_msgfmt_accepts(new)
    rng = random.Random(7)
    for _ in range(2):
        _kill_after(args, env, rng.uniform(0.2, whole * 1.1))
        check(new)
    # What a killed export left behind is not a catalog: the folder still imports.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["catalogs", "import", str(locales)])
        assert result.exit_code == 0, result.output
