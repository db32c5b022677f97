"""A local stand-in for the two Adyen endpoints the backoffice calls.

It answers on the paths the SDK builds when its service `baseUrl` points here:

- `POST {base}/checkout/v72/paymentMethods` (`checkout`)
- `GET  {base}/management/v3/merchants/{merchantId}/paymentMethodSettings` (`management`)
- `GET|POST {base}/__control__`: failure switches and data for tests (`data.DataStore`)

The data document and the failure switches are described in `data`; the key, the
failures, JSON and the recording of exchanges in `wire`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from connectors.payments.local_adyen import checkout, management
from connectors.payments.local_adyen.data import DataStore
from connectors.payments.local_adyen.wire import (
    CHECKOUT_PATH,
    CONTROL_PATH,
    MANAGEMENT_PATH,
    Exchange,
    authorize,
    json_response,
    record,
)


class LocalAdyen:
    """The WSGI application; holds the data and the failure switches."""

    def __init__(
        self,
        data: Mapping[str, Any] | str | Path | None = None,
        recorder: Callable[[Exchange], None] | None = None,
    ) -> None:
        self._store = DataStore(data)
        self._stopping = threading.Event()
        self.recorder = recorder
        self._urls = Map(
            [
                Rule(
                    f"{CHECKOUT_PATH}/paymentMethods", endpoint="payment_methods", methods=["POST"]
                ),
                Rule(
                    f"{MANAGEMENT_PATH}/merchants/<merchant_id>/paymentMethodSettings",
                    endpoint="method_settings",
                    methods=["GET"],
                ),
                Rule(CONTROL_PATH, endpoint="control", methods=["GET", "POST"]),
            ],
            strict_slashes=False,
        )

    def stop(self) -> None:
        """Release requests sleeping in slow mode, so the server can shut down at once."""
        self._stopping.set()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        body = request.get_data(cache=True)
        response = self._dispatch(request)
        if self.recorder is not None and request.path != CONTROL_PATH:
            self.recorder(record(request, body, response))
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        adapter = self._urls.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException as exc:
            code = exc.code or 404
            return json_response({"status": code, "message": exc.name}, code)
        if endpoint == "control":
            return self._control(request)
        data = self._store.current()
        if endpoint == "payment_methods":
            checkout_errors = checkout.CheckoutErrors()
            key_config = authorize(request, data, "checkout", checkout_errors, self._stopping)
            if isinstance(key_config, Response):
                return key_config
            return checkout.payment_methods(request, data, key_config, checkout_errors)
        management_errors = management.ManagementErrors(request)
        key_config = authorize(request, data, "management", management_errors, self._stopping)
        if isinstance(key_config, Response):
            return key_config
        return management.method_settings(
            request, args["merchant_id"], data, key_config, management_errors
        )

    def _control(self, request: Request) -> Response:
        if request.method == "POST":
            command = request.get_json(silent=True)
            if not isinstance(command, dict):
                return json_response({"error": "send a JSON object"}, 400)
            try:
                self._store.apply(command)
            except ValueError as exc:
                return json_response({"error": str(exc)}, 422)
        return json_response(self._store.failures(), 200)
