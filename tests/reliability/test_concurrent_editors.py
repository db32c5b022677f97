"""Twenty people editing overlapping messages of one catalog at once, half in the console
and half through the admin API: every save answered as saved is in the database, every
conflict gives the sender's text back, counters stay exact and the file stays valid."""

import pytest
from flask import Flask

from tests.reliability.editors import check_nothing_lost, report, run_editors

CLIENTS = 20


def _run(live_app: Flask, seconds: float) -> None:
    tally = run_editors(live_app, clients=CLIENTS, seconds=seconds)
    lost = check_nothing_lost(live_app, tally)
    print(report(tally, lost, f"{CLIENTS} clients for {seconds:g} s"))
    assert tally.problems == []
    assert tally.saved > CLIENTS
    assert tally.conflicted > 0  # the messages overlap: conflicts must happen
    assert lost == 0


def test_concurrent_editors_lose_nothing(live_app: Flask) -> None:
    _run(live_app, 5)


@pytest.mark.slow
def test_concurrent_editors_lose_nothing_for_half_a_minute(live_app: Flask) -> None:
    _run(live_app, 30)
