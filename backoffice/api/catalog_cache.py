"""Built catalog answers of the client API: bounded in bytes, one build per miss.

Each answer is valid for a stamp (the ``catalogs`` stamp and the own stamps of the
catalog and its ancestors, see ``backoffice.api.revisions``). Two tiers:

- memory, per worker, least recently used first out, never above
  ``CLIENT_CATALOG_CACHE_BYTES`` (an answer larger than the bound is not kept there);
- with ``CLIENT_CATALOG_CACHE_DIR`` set, files shared by the workers of one machine, named
  by a hash of the key and stamp, written atomically, oldest first out above
  ``CLIENT_CATALOG_CACHE_DIR_BYTES``. A body read back is checked against its ETag.

Concurrent misses of one answer share one build: threads of a worker wait on the first
one's lock, and with the folder, other workers wait on a file lock and read its file.
Derived data only: losing either tier costs a rebuild, never a wrong answer.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path

from flask import current_app

from backoffice.api.revisions import Answer


def etag_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


class CatalogCache:
    def __init__(self, max_bytes: int, folder: str | Path | None = None,
                 folder_bytes: int = 1 << 30) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.folder = Path(folder) if folder else None
        self.folder_bytes = folder_bytes
        self.total_bytes = 0
        self.builds = 0  # bodies built by this process (for tests and the benchmarks)
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[tuple[Hashable, Hashable], threading.Lock] = {}
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    # --- memory -------------------------------------------------------------------------

    def get(self, key: Hashable, stamp: Hashable) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is None or answer.stamp != stamp:
                return None
            self._items.move_to_end(key)
            return answer

    def _keep(self, key: Hashable, answer: Answer) -> None:
        size = len(answer.body)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.total_bytes -= len(old.body)
            if size > self.max_bytes:
                return
            self._items[key] = answer
            self.total_bytes += size
            while self.total_bytes > self.max_bytes:
                _key, dropped = self._items.popitem(last=False)
                self.total_bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.total_bytes = 0

    # --- the whole lookup ---------------------------------------------------------------

    def answer(self, key: Hashable, stamp: Hashable, build: Callable[[], bytes]) -> Answer:
        """The answer for ``key`` at ``stamp``: kept, else read from the folder, else built
        once however many requests ask at the same time."""
        found = self.get(key, stamp) or self._read(key, stamp)
        if found is not None:
            self._keep(key, found)
            return found
        with self._lock:
            flight = self._flights.setdefault((key, stamp), threading.Lock())
        try:
            with flight:
                found = self.get(key, stamp) or self._read(key, stamp)
                if found is None:
                    with self._file_lock(key, stamp):
                        found = self._read(key, stamp)
                        if found is None:
                            body = build()
                            self.builds += 1
                            found = Answer(stamp, None, body, etag_of(body))
                            self._write(key, stamp, found)
                self._keep(key, found)
                return found
        finally:
            with self._lock:
                if self._flights.get((key, stamp)) is flight:
                    del self._flights[(key, stamp)]

    # --- folder -------------------------------------------------------------------------

    def _path(self, key: Hashable, stamp: Hashable) -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.sha256(repr((key, stamp)).encode()).hexdigest()[:40]
        return self.folder / f"{name}.answer"

    def _read(self, key: Hashable, stamp: Hashable) -> Answer | None:
        path = self._path(key, stamp)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        etag, _, body = data.partition(b"\n")
        if len(etag) != 32:
            return None
        return Answer(stamp, None, body, etag.decode())

    def _write(self, key: Hashable, stamp: Hashable, answer: Answer) -> None:
        path = self._path(key, stamp)
        if path is None:
            return
        with contextlib.suppress(OSError):
            handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(answer.etag.encode() + b"\n" + answer.body)
            os.replace(name, path)
            self._trim()

    def _trim(self) -> None:
        assert self.folder is not None
        files = []
        for path in self.folder.glob("*.answer"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _mtime, size, _path in files)
        for _mtime, size, path in sorted(files):
            if total <= self.folder_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                path.with_suffix(".lock").unlink(missing_ok=True)
            total -= size

    @contextlib.contextmanager
    def _file_lock(self, key: Hashable, stamp: Hashable) -> Iterator[None]:
        path = self._path(key, stamp)
        if path is None:
            yield
            return
        lock = path.with_suffix(".lock")
        try:
            handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        except OSError:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            # The lock file stays: removing it could let two workers lock two files.
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def catalog_cache() -> CatalogCache:
    """The current app's cache (one per app, so per database)."""
    cache: CatalogCache | None = current_app.extensions.get("client_catalog_cache")
    if cache is None:
        config = current_app.config
        cache = current_app.extensions.setdefault("client_catalog_cache", CatalogCache(
            config.get("CLIENT_CATALOG_CACHE_BYTES", 64 * 1024 * 1024),
            config.get("CLIENT_CATALOG_CACHE_DIR") or None,
            config.get("CLIENT_CATALOG_CACHE_DIR_BYTES", 1 << 30),
        ))
    return cache
