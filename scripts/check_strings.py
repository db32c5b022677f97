"""Fail when the console's template misses a string of the code, or keeps a removed one.

Compares message ids only: a string moving to another line is not a change translators
need to know about.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po


def keys(path: str) -> set[tuple[object, object]]:
    with open(path, "rb") as stream:
        return {(message.context, message.id) for message in read_po(stream) if message.id}


def main(committed: str, fresh: str) -> int:
    old, new = keys(committed), keys(fresh)
    if old == new:
        return 0
    for context, msgid in sorted(new - old, key=str):
        print(f"missing from {committed}: {msgid!r}" + (f" ({context})" if context else ""))
    for context, msgid in sorted(old - new, key=str):
        print(f"no longer in the code: {msgid!r}" + (f" ({context})" if context else ""))
    print(f"{committed} is stale: run 'make strings' and translate")
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
