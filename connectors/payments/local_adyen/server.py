"""A local stand-in for the two Adyen endpoints the backoffice calls.

It answers on the paths the SDK builds when its service `baseUrl` points here:

- `POST {base}/checkout/v72/paymentMethods`
- `GET  {base}/management/v3/merchants/{merchantId}/paymentMethodSettings`

Everything comes from one data document (JSON file or dict)::

    {
      "apiKeys": {
        "<key>": {"merchantAccounts": ["CarpoolDemoEUR"],
                  "roles": ["checkout", "management"],
                  "failure": null}
      },
      "failure": null,
      "merchantAccounts": {
        "CarpoolDemoEUR": {"paymentMethods": [
          {"id": "PM...", "type": "visa", "name": "Visa", "allowed": true, "enabled": true,
           "countries": ["FR"], "currencies": ["EUR"], "verificationStatus": "valid"}
        ]}
      }
    }

Management returns the method settings as stored (without the local-only `name`).
Checkout offers the usable ones (allowed, enabled, verification valid) that cover the
request's country and currency, with card brands grouped under one `scheme` method, as
Adyen does. Empty `countries`/`currencies` mean "any".

A failure is `{"mode": "401"|"403"|"422"|"500"|"slow", "seconds": 5, "message": "...",
"apis": ["checkout", "management"]}`; it applies to one key (`apiKeys.<key>.failure`,
which wins) or to every key (`failure`). Tests change failures while the server runs
with `POST /__control__`.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from math import ceil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

CHECKOUT_PATH = "/checkout/v72"
MANAGEMENT_PATH = "/management/v3"
CONTROL_PATH = "/__control__"
DEMO_DATA_PATH = Path(__file__).with_name("demo_data.json")

APIS = ("checkout", "management")
FAILURE_MODES = ("401", "403", "422", "500", "slow")
DEFAULT_SLOW_SECONDS = 5.0
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10

# Management's PaymentMethod fields; anything else in the data (e.g. "name") stays local.
MANAGEMENT_FIELDS = (
    "id",
    "type",
    "allowed",
    "enabled",
    "countries",
    "currencies",
    "verificationStatus",
    "businessLineId",
    "storeIds",
    "reference",
    "shopperInteraction",
    "customRoutingFlags",
)
# Types Checkout folds into its single "scheme" (cards) entry.
CARD_BRANDS = frozenset(
    {
        "amex",
        "cartebancaire",
        "cup",
        "diners",
        "discover",
        "elo",
        "hipercard",
        "jcb",
        "maestro",
        "mc",
        "visa",
    }
)


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


def load_data(source: Mapping[str, Any] | str | Path | None = None) -> dict[str, Any]:
    """The data document from a dict, a JSON file, or the shipped demo data."""
    if source is None:
        source = DEMO_DATA_PATH
    if isinstance(source, str | Path):
        with Path(source).open(encoding="utf-8") as handle:
            data = json.load(handle)
    else:
        data = copy.deepcopy(dict(source))
    validate_data(data)
    return data


def validate_data(data: Any) -> None:
    """Raise ValueError on a data document the server could not serve from."""
    if not isinstance(data, dict):
        raise ValueError("local Adyen data must be a JSON object")
    keys = data.get("apiKeys")
    if not isinstance(keys, dict) or not keys:
        raise ValueError("local Adyen data needs at least one entry in 'apiKeys'")
    for key, config in keys.items():
        if not isinstance(config, dict):
            raise ValueError(f"apiKeys entry ending {key[-4:]!r} must be an object")
        roles = config.get("roles", list(APIS))
        if not isinstance(roles, list) or any(role not in APIS for role in roles):
            raise ValueError(f"roles must be a list drawn from {APIS}")
        if not isinstance(config.get("merchantAccounts", []), list):
            raise ValueError("merchantAccounts of an API key must be a list")
        normalize_failure(config.get("failure"))
    normalize_failure(data.get("failure"))
    accounts = data.get("merchantAccounts")
    if not isinstance(accounts, dict):
        raise ValueError("local Adyen data needs a 'merchantAccounts' object")
    for account, config in accounts.items():
        methods = config.get("paymentMethods") if isinstance(config, dict) else None
        if not isinstance(methods, list):
            raise ValueError(f"merchant account {account!r} needs a 'paymentMethods' list")
        for method in methods:
            if not isinstance(method, dict) or not method.get("id") or not method.get("type"):
                raise ValueError(f"every payment method of {account!r} needs 'id' and 'type'")


def normalize_failure(failure: Any) -> dict[str, Any] | None:
    """A failure spec with its mode as a string, or None; ValueError when unusable."""
    if failure is None:
        return None
    if not isinstance(failure, dict):
        raise ValueError("a failure must be an object like {'mode': '500'}")
    mode = str(failure.get("mode", ""))
    if mode not in FAILURE_MODES:
        raise ValueError(f"failure mode must be one of {FAILURE_MODES}, not {mode!r}")
    spec = dict(failure, mode=mode)
    if mode == "slow":
        seconds = spec.setdefault("seconds", DEFAULT_SLOW_SECONDS)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ValueError("'seconds' of a slow failure must be a non-negative number")
    apis = spec.get("apis")
    if apis is not None and (not isinstance(apis, list) or any(a not in APIS for a in apis)):
        raise ValueError(f"'apis' of a failure must be a list drawn from {APIS}")
    return spec


class LocalAdyen:
    """The WSGI application; holds the data and the failure switches."""

    def __init__(
        self,
        data: Mapping[str, Any] | str | Path | None = None,
        recorder: Callable[[Exchange], None] | None = None,
    ) -> None:
        self._initial = load_data(data)
        self._data = copy.deepcopy(self._initial)
        self._lock = threading.Lock()
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
            self.recorder(
                Exchange(
                    method=request.method,
                    path=request.path,
                    query_string=request.query_string.decode("latin-1"),
                    request_headers=list(request.headers.items()),
                    request_body=body,
                    status=response.status_code,
                    response_headers=list(response.headers.items()),
                    response_body=response.get_data(),
                )
            )
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        adapter = self._urls.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException as exc:
            code = exc.code or 404
            return _json({"status": code, "message": exc.name}, code)
        if endpoint == "control":
            return self._control(request)
        api = "checkout" if endpoint == "payment_methods" else "management"
        errors = _CheckoutErrors() if api == "checkout" else _ManagementErrors(request)
        with self._lock:
            data = self._data
        key_config = data["apiKeys"].get(request.headers.get("X-API-Key", ""))
        if key_config is None:
            return errors.unauthorized()
        failure = _applicable_failure(key_config.get("failure"), api) or _applicable_failure(
            data.get("failure"), api
        )
        if failure is not None:
            if failure["mode"] == "slow":
                self._stopping.wait(float(failure["seconds"]))
            else:
                return errors.from_failure(failure)
        if api not in key_config.get("roles", APIS):
            return errors.forbidden("Not allowed")
        if endpoint == "payment_methods":
            return self._payment_methods(request, data, key_config, errors)
        return self._method_settings(request, args["merchant_id"], data, key_config, errors)

    def _payment_methods(
        self,
        request: Request,
        data: dict[str, Any],
        key_config: dict[str, Any],
        errors: _CheckoutErrors,
    ) -> Response:
        try:
            payload = json.loads(request.get_data() or b"null")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return errors.bad_request("Unable to parse message.")
        merchant = payload.get("merchantAccount")
        if not isinstance(merchant, str) or not merchant:
            return errors.invalid("Required field 'merchantAccount' is not provided.")
        account = data["merchantAccounts"].get(merchant)
        if account is None or merchant not in key_config.get("merchantAccounts", []):
            return errors.forbidden("Invalid Merchant Account", error_code="901")
        country = payload.get("countryCode")
        if country is not None and (not isinstance(country, str) or len(country) != 2):
            return errors.invalid("Invalid countryCode.")
        amount = payload.get("amount")
        currency = None
        if amount is not None:
            currency = amount.get("currency") if isinstance(amount, dict) else None
            if not isinstance(currency, str) or len(currency) != 3:
                return errors.invalid("Invalid amount currency.")
        offered = [
            method
            for method in account["paymentMethods"]
            if _usable(method) and _covers(method, country, currency)
        ]
        return _json({"paymentMethods": _checkout_methods(offered)}, 200)

    def _method_settings(
        self,
        request: Request,
        merchant: str,
        data: dict[str, Any],
        key_config: dict[str, Any],
        errors: _ManagementErrors,
    ) -> Response:
        account = data["merchantAccounts"].get(merchant)
        if account is None or merchant not in key_config.get("merchantAccounts", []):
            return errors.forbidden(f"Not allowed to access merchant account {merchant}.")
        page_size = _int_arg(request, "pageSize", DEFAULT_PAGE_SIZE)
        page_number = _int_arg(request, "pageNumber", 1)
        if page_size is None or not 1 <= page_size <= MAX_PAGE_SIZE:
            return errors.invalid_field(
                "pageSize",
                request.args.get("pageSize", ""),
                f"Must be between 1 and {MAX_PAGE_SIZE}.",
            )
        if page_number is None or page_number < 1:
            return errors.invalid_field(
                "pageNumber", request.args.get("pageNumber", ""), "Must be 1 or more."
            )
        methods = account["paymentMethods"]
        pages_total = ceil(len(methods) / page_size)
        start = (page_number - 1) * page_size
        page = [
            {name: method[name] for name in MANAGEMENT_FIELDS if name in method}
            for method in methods[start : start + page_size]
        ]

        def link(number: int) -> dict[str, str]:
            query = urlencode({"pageNumber": number, "pageSize": page_size})
            return {"href": f"{request.base_url}?{query}"}

        last = max(pages_total, 1)
        links = {"first": link(1), "last": link(last), "self": link(page_number)}
        if page_number < pages_total:
            links["next"] = link(page_number + 1)
        if 1 < page_number <= last:
            links["prev"] = link(page_number - 1)
        body = {
            "_links": links,
            "data": page,
            "itemsTotal": len(methods),
            "pagesTotal": pages_total,
        }
        return _json(body, 200)

    def _control(self, request: Request) -> Response:
        if request.method == "POST":
            command = request.get_json(silent=True)
            if not isinstance(command, dict):
                return _json({"error": "send a JSON object"}, 400)
            try:
                self._apply(command)
            except ValueError as exc:
                return _json({"error": str(exc)}, 422)
        with self._lock:
            state = {
                "failure": self._data.get("failure"),
                "keyFailures": {
                    _mask(key): config.get("failure")
                    for key, config in self._data["apiKeys"].items()
                    if config.get("failure")
                },
            }
        return _json(state, 200)

    def _apply(self, command: dict[str, Any]) -> None:
        with self._lock:
            if command.get("reset"):
                self._data = copy.deepcopy(self._initial)
            if "data" in command:
                validate_data(command["data"])
                self._data = copy.deepcopy(command["data"])
            if "failure" in command:
                failure = normalize_failure(command["failure"])
                key = command.get("apiKey")
                if key is None:
                    self._data["failure"] = failure
                elif key in self._data["apiKeys"]:
                    self._data["apiKeys"][key]["failure"] = failure
                else:
                    raise ValueError("unknown apiKey")


def _applicable_failure(failure: Any, api: str) -> dict[str, Any] | None:
    if not failure:
        return None
    spec = normalize_failure(failure)
    if spec is None or (spec.get("apis") is not None and api not in spec["apis"]):
        return None
    return spec


def _usable(method: Mapping[str, Any]) -> bool:
    return (
        method.get("allowed", True) is True
        and method.get("enabled", True) is True
        and method.get("verificationStatus", "valid") == "valid"
    )


def _covers(method: Mapping[str, Any], country: str | None, currency: str | None) -> bool:
    countries = method.get("countries") or []
    currencies = method.get("currencies") or []
    return (country is None or not countries or country.upper() in countries) and (
        currency is None or not currencies or currency.upper() in currencies
    )


def _checkout_methods(methods: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    brands = [m["type"] for m in methods if m["type"] in CARD_BRANDS]
    offered: list[dict[str, Any]] = []
    if brands:
        offered.append({"brands": list(dict.fromkeys(brands)), "name": "Cards", "type": "scheme"})
    seen: set[str] = set()
    for method in methods:
        kind = method["type"]
        if kind in CARD_BRANDS or kind in seen:
            continue
        seen.add(kind)
        offered.append({"name": str(method.get("name") or kind), "type": kind})
    return offered


def _int_arg(request: Request, name: str, default: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        return None


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _reference() -> str:
    return secrets.token_hex(8).upper()


def _mask(key: str) -> str:
    return "••••" + key[-4:] if len(key) >= 12 else "••••"


class _CheckoutErrors:
    """Checkout's ServiceError bodies: status, errorCode, message, errorType."""

    def _error(self, status: int, code: str, message: str, kind: str) -> Response:
        body = {
            "status": status,
            "errorCode": code,
            "message": message,
            "errorType": kind,
            "pspReference": _reference(),
        }
        return _json(body, status)

    def unauthorized(self) -> Response:
        return self._error(401, "000", "HTTP Status Response - Unauthorized", "security")

    def forbidden(self, message: str, error_code: str = "010") -> Response:
        return self._error(403, error_code, message, "security")

    def bad_request(self, message: str) -> Response:
        return self._error(400, "000", message, "validation")

    def invalid(self, message: str, error_code: str = "000") -> Response:
        return self._error(422, error_code, message, "validation")

    def from_failure(self, failure: Mapping[str, Any]) -> Response:
        mode, message = failure["mode"], failure.get("message")
        code = failure.get("errorCode")
        if mode == "401":
            return self.unauthorized()
        if mode == "403":
            return self.forbidden(message or "Not allowed", code or "010")
        if mode == "422":
            return self.invalid(message or "Unable to process the request.", code or "000")
        return self._error(500, code or "000", message or "Internal error", "internal")


class _ManagementErrors:
    """Management's RestServiceError bodies (RFC 7807 style)."""

    def __init__(self, request: Request) -> None:
        self._instance = request.path

    def _error(
        self,
        status: int,
        problem: str,
        code: str,
        title: str,
        detail: str,
        invalid_fields: list[dict[str, str]] | None = None,
    ) -> Response:
        body: dict[str, Any] = {
            "type": f"https://docs.adyen.com/errors/{problem}",
            "errorCode": code,
            "title": title,
            "detail": detail,
            "status": status,
            "instance": self._instance,
            "requestId": _reference(),
        }
        if invalid_fields:
            body["invalidFields"] = invalid_fields
        return _json(body, status)

    def unauthorized(self) -> Response:
        return self._error(
            401,
            "security/unauthorized",
            "00_401",
            "Unauthorized",
            "Not authorized to access this service.",
        )

    def forbidden(self, detail: str, error_code: str = "00_403") -> Response:
        return self._error(403, "security/forbidden", error_code, "Forbidden", detail)

    def invalid_field(self, name: str, value: str, message: str) -> Response:
        return self._error(
            422,
            "validation",
            "00_422",
            "Invalid parameters",
            f"Invalid {name}.",
            [{"name": name, "value": value, "message": message}],
        )

    def from_failure(self, failure: Mapping[str, Any]) -> Response:
        mode, message = failure["mode"], failure.get("message")
        code = failure.get("errorCode")
        if mode == "401":
            return self.unauthorized()
        if mode == "403":
            return self.forbidden(message or "Not allowed", code or "00_403")
        if mode == "422":
            return self._error(
                422,
                "validation",
                code or "00_422",
                "Invalid parameters",
                message or "The request could not be processed.",
            )
        return self._error(
            500,
            "general/internal",
            code or "00_500",
            "An internal error happened",
            message or "Try again later.",
        )
