"""Progress of long commands: a bar with counts and time left on a terminal, one plain
line per item otherwise (logs, CI, pipes), always on standard error so that what a
command prints on standard output stays its result."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TextIO, TypeVar

import click

T = TypeVar("T")


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(items: Iterable[T], label: str, name: Callable[[T], str | None] = lambda _: None,
             stream: TextIO | None = None) -> Iterator[Iterator[T]]:
    """``with progress(catalogs, "Compiling", lambda c: c.locale_code) as bar: for c in bar``"""
    chosen = list(items)
    out = stream or sys.stderr
    if _is_terminal(out):
        def show(item: Any) -> str | None:
            return None if item is None else name(item)

        with click.progressbar(chosen, label=label, file=out, show_pos=True, show_eta=True,
                               item_show_func=show) as bar:
            yield iter(bar)
    else:
        yield _lines(chosen, label, name, out)


def _lines(items: list[T], label: str, name: Callable[[T], str | None],
           out: IO[str]) -> Iterator[T]:
    total = len(items)
    for number, item in enumerate(items, 1):
        what = name(item)
        click.echo(f"{label} {number}/{total}" + (f": {what}" if what else ""), file=out)
        yield item
    click.echo(f"{label}: {total} done.", file=out)
