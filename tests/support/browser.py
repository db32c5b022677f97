"""Debian's Chromium driven by Playwright; never a downloaded browser."""

from __future__ import annotations

import shutil

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None
