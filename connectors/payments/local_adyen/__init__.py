"""A local Adyen-compatible server for tests and the demo.

`data` holds the merchant accounts, methods and failure switches it answers from;
`checkout` and `management` the two APIs; `wire` the HTTP layer (API keys, failures,
JSON, recorded exchanges); `server` the WSGI application that routes between them.

From tests::

    with run_local_adyen(data) as base_url:
        settings = AdyenSettings(platform="test", api_key=KEY, merchant_account="...",
                                 checkout_base_url=checkout_base_url(base_url),
                                 management_base_url=management_base_url(base_url),
                                 allowed_hosts=LOOPBACK_ALLOWLIST)
        set_failure(base_url, {"mode": "500"})

From a shell: ``python -m connectors.payments.local_adyen --port 8099 [--data FILE]``.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

from werkzeug.serving import make_server

from connectors.payments.local_adyen.data import DEMO_DATA_PATH, load_data
from connectors.payments.local_adyen.server import LocalAdyen
from connectors.payments.local_adyen.wire import (
    CHECKOUT_PATH,
    CONTROL_PATH,
    MANAGEMENT_PATH,
    Exchange,
    ExchangeRecorder,
)

__all__ = [
    "CHECKOUT_PATH",
    "DEMO_DATA_PATH",
    "MANAGEMENT_PATH",
    "Exchange",
    "ExchangeRecorder",
    "LocalAdyen",
    "checkout_base_url",
    "control",
    "load_data",
    "management_base_url",
    "reset",
    "run_local_adyen",
    "set_failure",
]


def checkout_base_url(base_url: str) -> str:
    """The value for `AdyenSettings.checkout_base_url` when Adyen is the local server."""
    return base_url.rstrip("/") + CHECKOUT_PATH


def management_base_url(base_url: str) -> str:
    """The value for `AdyenSettings.management_base_url` when Adyen is the local server."""
    return base_url.rstrip("/") + MANAGEMENT_PATH


@contextlib.contextmanager
def run_local_adyen(
    data: Mapping[str, Any] | str | Path | None = None,
    *,
    recorder: Callable[[Exchange], None] | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> Iterator[str]:
    """Serve in a background thread (on a free port by default); yields the base URL."""
    app = LocalAdyen(data, recorder=recorder)
    server = make_server(host, port, app, threaded=True)
    # A short poll interval keeps shutdown, hence each test using the server, quick.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="local-adyen",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        app.stop()
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def control(base_url: str, command: Mapping[str, Any], timeout: float = 5.0) -> dict[str, Any]:
    """Send a command to a running server's control endpoint; returns its state."""
    request = Request(  # noqa: S310 - our own local server
        base_url.rstrip("/") + CONTROL_PATH,
        data=json.dumps(command).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urlopen(request, timeout=timeout) as response:  # noqa: S310
        state: dict[str, Any] = json.loads(response.read())  # the server answers an object
    return state


def set_failure(
    base_url: str, failure: Mapping[str, Any] | None, api_key: str | None = None
) -> dict[str, Any]:
    """Make every key (or one key) fail, e.g. `{"mode": "slow", "seconds": 3}`; None clears."""
    command: dict[str, Any] = {"failure": dict(failure) if failure is not None else None}
    if api_key is not None:
        command["apiKey"] = api_key
    return control(base_url, command)


def reset(base_url: str) -> dict[str, Any]:
    """Back to the data the server started with."""
    return control(base_url, {"reset": True})
