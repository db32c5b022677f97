"""The playbook task: overdue tasks tell their owner, every hour."""

from __future__ import annotations

from backoffice.playbook.operations import notify_overdue
from backoffice.tasks.queue import task


@task("playbook.overdue", retries=2, retry_delay=60, schedule={"minute": "40"})
def overdue() -> int:
    return notify_overdue()
