"""A throw-away Redis server for the test run (Debian's ``redis-server``).

It listens on 127.0.0.1 on a free port, keeps nothing on disk, and stops with the run.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

from tests.support.postgres import free_port


def _binary() -> str:
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin")
    if not found:
        raise RuntimeError("redis-server was not found: install Debian's 'redis-server' "
                           "package (make test does it).")
    return found


@contextlib.contextmanager
def throwaway_redis() -> Iterator[str]:
    """Start a Redis server and yield its URL (``redis://127.0.0.1:PORT/0``)."""
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="backoffice-redis-")
    process = subprocess.Popen(
        [_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir, "--daemonize", "no", "--protected-mode",
         "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
