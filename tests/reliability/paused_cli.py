"""Run ``backoffice`` with a pause at a chosen point of a file write, for kill tests.

``python -m tests.reliability.paused_cli POINT MARKER -- ARGS...`` creates MARKER and
sleeps when it reaches POINT: ``mid-write`` (half of the data written) or
``before-rename`` (the data written, the file not yet in place). The test then kills it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import IO, Any


def _pause(marker: str) -> None:
    Path(marker).write_text("paused")
    time.sleep(120)


class _HalfThenPause:
    """A file that writes half of what it is given, then pauses."""

    def __init__(self, handle: IO[Any], marker: str) -> None:
        self.handle, self.marker = handle, marker

    def __enter__(self) -> _HalfThenPause:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def write(self, data: bytes) -> int:
        half = len(data) // 2
        self.handle.write(data[:half])
        self.handle.flush()
        _pause(self.marker)
        return half + self.handle.write(data[half:])


def main() -> None:
    point, marker, separator, *args = sys.argv[1:]
    assert separator == "--"
    if point == "before-rename":
        real_replace = os.replace

        def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
            _pause(marker)
            real_replace(source, target)

        os.replace = replace
    elif point == "mid-write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, mode: str = "r", *rest: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, mode, *rest, **kwargs)
            return _HalfThenPause(handle, marker) if "w" in mode else handle

        os.fdopen = fdopen
    else:
        raise SystemExit(f"unknown point {point}")
    from backoffice.cli import main as backoffice

    sys.argv = ["backoffice", *args]
    backoffice()


if __name__ == "__main__":
    main()
