"""The local Adyen's wire layer: JSON over HTTP, the API key, failure switches, recording.

What both APIs share before their own logic runs: a request is authenticated by its
``X-API-Key`` (401 when unknown), then a failure switched on for that key or for every
key answers instead (or waits, for ``slow``), then the key's roles decide whether it may
use this API (403). Each API brings its own error bodies (`ApiErrors`): Checkout's and
Management's shapes differ, as in Adyen's OpenAPI documents. Every exchange can be
recorded raw, so that tests validate requests and responses against those documents.
"""

from __future__ import annotations

import json
import secrets
import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request, Response

from connectors.payments.local_adyen.data import APIS, applicable_failure

CHECKOUT_PATH = "/checkout/v72"
MANAGEMENT_PATH = "/management/v3"
CONTROL_PATH = "/__control__"


@dataclass(frozen=True)
class Exchange:
    """One request the server received and the response it sent, as raw as possible."""

    method: str
    path: str
    query_string: str
    request_headers: list[tuple[str, str]] = field(repr=False)
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]] = field(repr=False)
    response_body: bytes

    @property
    def api(self) -> str | None:
        if self.path.startswith(CHECKOUT_PATH + "/"):
            return "checkout"
        if self.path.startswith(MANAGEMENT_PATH + "/"):
            return "management"
        return None


class ExchangeRecorder:
    """Collects exchanges from the server's threads; pass it as the `recorder` hook."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._exchanges: list[Exchange] = []

    def __call__(self, exchange: Exchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)

    @property
    def exchanges(self) -> list[Exchange]:
        with self._lock:
            return list(self._exchanges)

    def clear(self) -> None:
        with self._lock:
            self._exchanges.clear()


def json_response(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def reference() -> str:
    """A PSP reference or request id, as Adyen puts in its answers."""
    return secrets.token_hex(8).upper()


class ApiErrors(ABC):
    """The error answers of one API, in that API's own shape.

    A failure switch answers through them: its mode is the status, its ``message`` and
    ``errorCode`` stand in for the API's own defaults.
    """

    @abstractmethod
    def unauthorized(self) -> Response: ...

    @abstractmethod
    def forbidden(self, message: str, error_code: str | None = None) -> Response: ...

    @abstractmethod
    def unprocessable(self, message: str | None, error_code: str | None) -> Response: ...

    @abstractmethod
    def internal(self, message: str | None, error_code: str | None) -> Response: ...

    def from_failure(self, failure: Mapping[str, Any]) -> Response:
        mode, message = failure["mode"], failure.get("message")
        code = failure.get("errorCode")
        if mode == "401":
            return self.unauthorized()
        if mode == "403":
            return self.forbidden(message or "Not allowed", code)
        if mode == "422":
            return self.unprocessable(message, code)
        return self.internal(message, code)


def authorize(
    request: Request,
    data: dict[str, Any],
    api: str,
    errors: ApiErrors,
    stopping: threading.Event,
) -> dict[str, Any] | Response:
    """The API key's entry in the data, or the answer that replaces the API's own."""
    key = request.headers.get("X-API-Key", "")
    key_config: dict[str, Any] | None = data["apiKeys"].get(key)
    if key_config is None:
        return errors.unauthorized()
    failure = applicable_failure(key_config.get("failure"), api) or applicable_failure(
        data.get("failure"), api
    )
    if failure is not None:
        if failure["mode"] == "slow":
            stopping.wait(float(failure["seconds"]))  # set when the server stops
        else:
            return errors.from_failure(failure)
    if api not in key_config.get("roles", APIS):
        return errors.forbidden("Not allowed")
    return key_config


def record(request: Request, body: bytes, response: Response) -> Exchange:
    return Exchange(
        method=request.method,
        path=request.path,
        query_string=request.query_string.decode("latin-1"),
        request_headers=list(request.headers.items()),
        request_body=body,
        status=response.status_code,
        response_headers=list(response.headers.items()),
        response_body=response.get_data(),
    )
