"""The local Adyen's data: API keys, merchant accounts, their payment methods, failures.

Everything comes from one data document (JSON file or dict)::

    {
      "apiKeys": {
        "<key>": {"merchantAccounts": ["CarpoolDemo"],
                  "roles": ["checkout", "management"],
                  "failure": null}
      },
      "failure": null,
      "merchantAccounts": {
        "CarpoolDemo": {"paymentMethods": [
          {"id": "PM...", "type": "visa", "name": "Visa", "allowed": true, "enabled": true,
           "countries": ["FR"], "currencies": ["EUR"], "verificationStatus": "valid"}
        ]}
      }
    }

A failure is `{"mode": "401"|"403"|"422"|"500"|"slow", "seconds": 5, "message": "...",
"apis": ["checkout", "management"]}`; it applies to one key (`apiKeys.<key>.failure`,
which wins) or to every key (`failure`). Tests change failures while the server runs
with `POST /__control__` (see `DataStore.apply`).
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEMO_DATA_PATH = Path(__file__).with_name("demo_data.json")

APIS = ("checkout", "management")
FAILURE_MODES = ("401", "403", "422", "500", "slow")
DEFAULT_SLOW_SECONDS = 5.0


def load_data(source: Mapping[str, Any] | str | Path | None = None) -> dict[str, Any]:
    """The data document from a dict, a JSON file, or the shipped demo data."""
    if source is None:
        source = DEMO_DATA_PATH
    data: dict[str, Any]  # validate_data refuses anything else
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


def applicable_failure(failure: Any, api: str) -> dict[str, Any] | None:
    """The failure spec when it applies to `api`, else None."""
    if not failure:
        return None
    spec = normalize_failure(failure)
    if spec is None or (spec.get("apis") is not None and api not in spec["apis"]):
        return None
    return spec


def mask(key: str) -> str:
    return "••••" + key[-4:] if len(key) >= 12 else "••••"


class DataStore:
    """The document the server answers from, changed at run time by control commands."""

    def __init__(self, data: Mapping[str, Any] | str | Path | None = None) -> None:
        self._initial = load_data(data)
        self._data = copy.deepcopy(self._initial)
        self._lock = threading.Lock()

    def current(self) -> dict[str, Any]:
        """The document as it is now."""
        with self._lock:
            return self._data

    def apply(self, command: dict[str, Any]) -> None:
        """`{"reset": true}`, `{"data": {...}}`, `{"failure": {...}|null, "apiKey": k?}`."""
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

    def failures(self) -> dict[str, Any]:
        """The failure switches, keys masked: what the control endpoint answers."""
        with self._lock:
            return {
                "failure": self._data.get("failure"),
                "keyFailures": {
                    mask(key): config.get("failure")
                    for key, config in self._data["apiKeys"].items()
                    if config.get("failure")
                },
            }
