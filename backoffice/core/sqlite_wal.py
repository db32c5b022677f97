"""Tell whether anyone committed to a SQLite database, without a query.

In WAL mode, SQLite keeps a header at the start of the database's ``-shm`` file (the
wal-index) that every commit rewrites: the last valid frame, its checksum, and salts
that change when the log restarts. SQLite's own readers compare this header to decide
whether their page cache still holds (``walIndexTryHdr`` in ``wal.c``); the client API
compares it the same way to know that a revision stamp it read is still current, with
one ``pread`` instead of a query (a query costs five to ten times as much once the
request around it has evicted SQLite from the CPU caches).

Written by hand because no library exposes it. Anything unexpected (not WAL mode,
exclusive locking, no ``-shm`` file, an unknown wal-index version, two header copies
that differ mid-write) answers ``None``: "cannot tell", and the caller queries.
"""

from __future__ import annotations

import os
import sys
from typing import Any

WAL_INDEX_VERSION = 3007000  # WALINDEX_MAX_VERSION, unchanged since SQLite 3.7.0
_HEADER = 48  # sizeof(WalIndexHdr); the wal-index starts with two copies of it


class WalCommits:
    """The commit marker of one SQLite database in WAL mode, read from its ``-shm`` file."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    @classmethod
    def open(cls, connection: Any) -> WalCommits | None:
        """A marker for the database ``connection`` (a ``sqlite3`` connection) has open.

        The connection must stay open while the marker is used: it keeps the ``-shm``
        file in place (SQLite only recreates it when no connection has it open).
        """
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
        locking = connection.execute("PRAGMA locking_mode").fetchone()[0]
        path = next((row[2] for row in connection.execute("PRAGMA database_list")
                     if row[1] == "main"), "")
        if journal.lower() != "wal" or locking.lower() != "normal" or not path:
            return None
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # map the index
        try:
            descriptor = os.open(f"{path}-shm", os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None
        marker = cls(descriptor)
        if marker.current() is None:
            marker.close()
            return None
        return marker

    def current(self) -> bytes | None:
        """The header as committed now, or None when it cannot be read with certainty."""
        try:
            data = os.pread(self._descriptor, 2 * _HEADER, 0)
        except OSError:
            return None
        first, second = data[:_HEADER], data[_HEADER:]
        if len(second) != _HEADER or first != second:
            return None  # a short file, or a writer between the two copies
        if int.from_bytes(first[:4], sys.byteorder) != WAL_INDEX_VERSION or first[12] != 1:
            return None  # another wal-index format, or one not initialised
        return first

    def close(self) -> None:
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1
