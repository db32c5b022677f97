"""Demo data: the machine-translation connector pointed at the local DeepL stand-in that
``make run`` starts (scripts/run_demo.sh), switched on; the memory fed from the catalogs."""

from __future__ import annotations

from backoffice.memory import feed, machine
from connectors.machine_translation.local_deepl.server import DEMO_KEY

DEMO_SERVER_URL = "http://127.0.0.1:8098"


def load_machine_translation() -> int:
    written = feed.rebuild()
    if machine.settings() is None:
        machine.configure(server_url=DEMO_SERVER_URL, api_key=DEMO_KEY, enabled=True)
        written += 1
    return written
