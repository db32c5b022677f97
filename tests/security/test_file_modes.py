"""Closes: secrets on disk readable by other local users, even for an instant.

The SQLite database (and its -wal/-shm files) and the development keys in ``instance/``
are created with mode 0600 from their first byte.
"""

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from backoffice import config
from backoffice.core.db import make_engine


def _mode(path: str | os.PathLike[str]) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask, under which a plain file creation is world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_the_sqlite_database_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "backoffice.sqlite3"
    url = f"sqlite:///{path}"
    config.build_config({"DATABASE_URL": url, "SECRET_KEY": "x",
                         "ENCRYPTION_KEY": "n1p2v4sI0f9l5K0dF7cQmYgJzQ7Xh3rA6uVwBtLkE8s="})
    assert _mode(path) == 0o600
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        for suffix in ("", "-wal", "-shm"):
            assert _mode(f"{path}{suffix}") == 0o600, suffix
    engine.dispose()


@pytest.mark.usefixtures("open_umask")
@pytest.mark.parametrize("make_key", [config._dev_secret_key, config._dev_encryption_key])
def test_key_files_are_never_readable_by_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        make_key: Callable[[Path], str]) -> None:
    seen = []
    real_link = os.link

    def link(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        seen.append(_mode(source))  # the moment the key gets its name
        return real_link(source, target)

    monkeypatch.setattr(os, "link", link)
    instance = tmp_path / "instance"
    key = make_key(instance)
    assert seen == [0o600]
    key_file = next(instance.iterdir())
    assert _mode(key_file) == 0o600 and _mode(instance) == 0o700
    assert key_file.read_text().strip() == key
    assert [p.name for p in instance.iterdir()] == [key_file.name]  # no temporary left


def test_a_second_process_keeps_the_first_key(tmp_path: Path) -> None:
    target = tmp_path / "secret_key"
    config._private_file(target, lambda: b"first")
    config._private_file(target, lambda: b"second")
    assert target.read_bytes() == b"first"


def test_in_memory_and_server_databases_are_left_alone(tmp_path: Path) -> None:
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@h/db"):
        config.private_sqlite_file(url)
    assert list(tmp_path.iterdir()) == []
