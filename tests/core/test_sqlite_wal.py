"""The SQLite commit marker moves with every commit, from any connection or process."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backoffice.core.sqlite_wal import WalCommits


def _open(path: Path, journal: str = "wal") -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA journal_mode={journal}")
    return connection


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection, WalCommits]]:
    path = tmp_path / "marker.sqlite3"
    setup = _open(path)
    setup.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    reader = _open(path)
    marker = WalCommits.open(reader)
    assert marker is not None
    yield path, reader, marker
    marker.close()
    reader.close()


def test_reads_leave_the_marker_alone(
        database: tuple[Path, sqlite3.Connection, WalCommits]) -> None:
    path, reader, marker = database
    before = marker.current()
    other = _open(path)
    other.execute("SELECT count(*) FROM t").fetchall()
    reader.execute("SELECT count(*) FROM t").fetchall()
    assert marker.current() == before
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    assert marker.current() == before  # not committed yet
    other.execute("ROLLBACK")
    assert marker.current() == before
    other.close()


def test_every_commit_moves_the_marker(
        database: tuple[Path, sqlite3.Connection, WalCommits]) -> None:
    path, _reader, marker = database
    writer = _open(path)
    seen = {marker.current()}
    for n in range(5):
        writer.execute("INSERT INTO t VALUES (?)", (n,))
        seen.add(marker.current())
    assert None not in seen and len(seen) == 6
    writer.close()


def test_a_commit_in_another_process_moves_it(
        database: tuple[Path, sqlite3.Connection, WalCommits]) -> None:
    path, _reader, marker = database
    before = marker.current()
    script = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
              "c.execute('INSERT INTO t VALUES (7)'); c.close()")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)
    assert marker.current() not in (before, None)


def test_a_restarted_log_moves_it(database: tuple[Path, sqlite3.Connection, WalCommits]) -> None:
    path, _reader, marker = database
    writer = _open(path)
    writer.execute("INSERT INTO t VALUES (1)")
    after_first = marker.current()
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("INSERT INTO t VALUES (2)")  # the log starts again from its first frame
    assert marker.current() not in (after_first, None)
    writer.close()


def test_no_marker_outside_wal_mode(tmp_path: Path) -> None:
    rollback = _open(tmp_path / "rollback.sqlite3", journal="delete")
    assert WalCommits.open(rollback) is None
    memory = sqlite3.connect(":memory:")
    assert WalCommits.open(memory) is None
    exclusive = _open(tmp_path / "exclusive.sqlite3")
    exclusive.execute("PRAGMA locking_mode=EXCLUSIVE")
    assert WalCommits.open(exclusive) is None
    for connection in (rollback, memory, exclusive):
        connection.close()


def _header(version: int = 3007000, frames: int = 1) -> bytes:
    header = bytearray(48)
    header[0:4] = version.to_bytes(4, sys.byteorder)
    header[12] = 1  # isInit
    header[16:20] = frames.to_bytes(4, sys.byteorder)  # mxFrame
    return bytes(header)


@pytest.mark.parametrize(("content", "readable"), [
    (_header() + _header(), True),
    (_header() + _header(frames=2), False),  # a writer between the two copies
    (_header(version=3007001) * 2, False),  # a wal-index format this code does not know
    (_header()[:40], False),  # a short file
])
def test_a_header_is_trusted_only_when_whole_and_known(tmp_path: Path, content: bytes,
                                                       readable: bool) -> None:
    shm = tmp_path / "fake.sqlite3-shm"
    shm.write_bytes(content)
    marker = WalCommits(os.open(shm, os.O_RDONLY))
    assert (marker.current() == _header()) if readable else marker.current() is None
    marker.close()
    marker.close()  # closing twice is harmless
