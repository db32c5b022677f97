"""The planning task: forecasts compared with their targets, every hour."""

from __future__ import annotations

from backoffice.planning.operations import watch_targets
from backoffice.tasks.registry import task


@task("planning.targets", retries=2, retry_delay=60, schedule={"minute": "15"})
def watch() -> int:
    return watch_targets()
