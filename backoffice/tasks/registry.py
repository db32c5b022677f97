"""The tasks by name: plain functions that ``@task`` registers, for the queue to run.

Kept apart from the queue (``tasks.queue``) and from running one task (``tasks.runs``),
which both read it, so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[..., Any]
    retries: int
    retry_delay: int  # seconds before the first retry
    retry_backoff: float  # each further retry waits this many times longer
    schedule: dict[str, str] | None  # crontab fields for a periodic task


REGISTRY: dict[str, TaskSpec] = {}


def task(name: str, *, retries: int = 5, retry_delay: int = 30, retry_backoff: float = 2.0,
         schedule: dict[str, str] | None = None,
         ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as the task ``name``; with ``schedule`` (crontab fields, UTC) it
    also runs periodically in the worker."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = TaskSpec(name, func, retries, retry_delay, retry_backoff, schedule)
        return func

    return register
