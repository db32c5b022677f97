"""A throw-away PostgreSQL cluster for the test run (Debian's server binaries).

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres``
system user (created by Debian's package) and its files live in a directory of its own.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL's server binaries were not found: install Debian's 'postgresql' "
        "package (make test does it)."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(args: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *args] if owner else args


class Cluster:
    """A running throw-away cluster that tests may stop and start again."""

    def __init__(self, bin_dir: Path, data: Path, root: Path, options: str,
                 owner: str | None) -> None:
        self.bin_dir, self.data, self.root, self.options, self.owner = (
            bin_dir, data, root, options, owner)

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_owner([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args], self.owner),
            check=True, capture_output=True, text=True,
        )

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "-l", str(self.root / "log"), "-w", "start")


@contextlib.contextmanager
def throwaway_cluster(handle: list | None = None, *, durable: bool = False) -> Iterator[str]:
    """Start a cluster on 127.0.0.1 and yield a SQLAlchemy URL to its ``postgres`` db.

    Tests run it with fsync off; ``durable`` keeps PostgreSQL's production settings
    (fsync, synchronous commit, full page writes), as the benchmarks need."""
    bin_dir = _bin_dir()
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="backoffice-pg-"))
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data = root / "data"
    port = free_port()
    run = lambda *args: subprocess.run(  # noqa: E731
        _as_owner([str(bin_dir / args[0]), *args[1:]], owner),
        check=True, capture_output=True, text=True,
    )
    try:
        run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync")
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
            + ("" if durable else
               " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        )
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
        if handle is not None:
            handle.append(Cluster(bin_dir, data, root, options, owner))
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"PostgreSQL failed to start: {error.stderr}") from error
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                      owner),
            capture_output=True, check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """Create an empty database in the cluster and return its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
