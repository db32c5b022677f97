"""Where an Adyen connector may send its API key.

The key travels in the ``X-API-Key`` header of every call, so whoever chooses the address
of a call holds the key: a base URL changed in a form would send it to any host, and a
fake host answering with payment methods would pass the launch gates. An address is
accepted only when its host is one of:

- Adyen's own, for the connector's platform: ``checkout-test.adyen.com`` and
  ``management-test.adyen.com`` on test; ``management-live.adyen.com`` and
  ``<live endpoint prefix>-checkout-live.adyenpayments.com`` on live (HTTPS, port 443);
- a pattern of the server's allowlist (configuration only, never a form): ``host``
  (any port), ``host:port``, or ``*.domain`` for its sub-domains; HTTP or HTTPS.

`refusal` says why an address is refused; `GuardedHTTPClient` applies it to every request
the SDK is about to send, after the SDK has finished building the address.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LOOPBACK_ALLOWLIST",
    "GuardedHTTPClient",
    "HostPattern",
    "adyen_hosts",
    "parse_allowlist",
    "refusal",
]

TEST_HOSTS = ("checkout-test.adyen.com", "management-test.adyen.com")
LIVE_HOSTS = ("management-live.adyen.com",)
LIVE_CHECKOUT_HOST = "{prefix}-checkout-live.adyenpayments.com"
# What a development or test server may reach by default: a local Adyen-compatible server.
LOOPBACK_ALLOWLIST = ("127.0.0.1", "localhost", "[::1]")

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# A plain authority: a name, an IPv4 address or a bracketed IPv6 address, and a port. No
# user information, no percent-encoding, no backslash: nothing two URL parsers could read
# as two different hosts.
_AUTHORITY = re.compile(r"(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<rest>[/?#].*)?",
                  re.DOTALL)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str  # lower case; IPv6 in brackets, as written in a URL
    port: int

    def __str__(self) -> str:
        default = _DEFAULT_PORTS[self.scheme] == self.port
        return self.host if default else f"{self.host}:{self.port}"


def _host(text: str) -> str | None:
    """The host in canonical form, or None when it is not a plain name or address."""
    text = text.lower()
    if text.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(text[1:-1]).compressed}]"
        except ValueError:
            return None
    return text if _NAME.fullmatch(text) else None


def destination(url: str) -> Destination | None:
    """Scheme, host and port of an http(s) URL, or None when the URL is anything else."""
    match = _URL.fullmatch(url or "")
    if match is None:
        return None
    scheme = match["scheme"].lower()
    authority = _AUTHORITY.fullmatch(match["authority"])
    if scheme not in _DEFAULT_PORTS or authority is None:
        return None
    host = _host(authority["host"])
    port = int(authority["port"]) if authority["port"] else _DEFAULT_PORTS[scheme]
    if host is None or not 0 < port < 65536:
        return None
    return Destination(scheme, host, port)


@dataclass(frozen=True)
class HostPattern:
    """One allowlist entry: ``host``, ``host:port`` or ``*.domain[:port]``."""

    host: str
    port: int | None = None  # None: any port

    def matches(self, where: Destination) -> bool:
        if self.port is not None and self.port != where.port:
            return False
        if self.host.startswith("*."):
            return where.host.endswith(self.host[1:]) and not where.host.startswith("[")
        return where.host == self.host

    def __str__(self) -> str:
        return self.host if self.port is None else f"{self.host}:{self.port}"


def parse_pattern(text: str) -> HostPattern:
    """One allowlist entry; ValueError saying what is wrong with it."""
    value = text.strip()
    wildcard = value.startswith("*.")
    authority = _AUTHORITY.fullmatch(value[2:] if wildcard else value)
    host = _host(authority["host"]) if authority else None
    if authority is None or host is None:
        raise ValueError(
            f"{value!r} is not a host[:port] pattern such as adyen.internal:8443, "
            "127.0.0.1 or *.payments.internal"
        )
    if wildcard and (host.startswith("[") or "." not in host or host.replace(".", "").isdigit()):
        raise ValueError(f"{value!r}: a wildcard needs a domain name of two labels or more")
    port = int(authority["port"]) if authority["port"] else None
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"{value!r}: the port must be from 1 to 65535")
    return HostPattern(f"*.{host}" if wildcard else host, port)


def parse_allowlist(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The patterns of a configuration value (comma- or space-separated), normalised."""
    if value is None:
        return ()
    items = re.split(r"[\s,]+", value) if isinstance(value, str) else list(value)
    patterns = [str(parse_pattern(item)) for item in items if item and item.strip()]
    return tuple(dict.fromkeys(patterns))


def adyen_hosts(platform: str, live_endpoint_prefix: str | None) -> tuple[str, ...]:
    """Adyen's own hosts for a platform: the only ones reached without an allowlist."""
    if platform == "live":
        live = (LIVE_CHECKOUT_HOST.format(prefix=live_endpoint_prefix.lower()),) if (
            live_endpoint_prefix
        ) else ()
        return live + LIVE_HOSTS
    return TEST_HOSTS


def refusal(
    url: str, *, platform: str, live_endpoint_prefix: str | None, allowlist: Iterable[str]
) -> str | None:
    """Why the API key may not be sent to `url`, or None when it may."""
    where = destination(url)
    if where is None:
        return "it is not a plain http(s) address (no user name, no unusual characters)"
    if where.host in adyen_hosts(platform, live_endpoint_prefix):
        if where.scheme == "https" and where.port == 443:
            return None
        return f"Adyen's host {where.host} is reached over HTTPS on port 443 only"
    if any(parse_pattern(pattern).matches(where) for pattern in allowlist):
        return None
    adyen = ", ".join(adyen_hosts(platform, live_endpoint_prefix))
    return f"its host {where} is neither Adyen's ({adyen}) nor in the server's allowlist"


class GuardedHTTPClient:
    """The SDK's HTTP client, refusing every request whose address `check` refuses.

    `check` returns None for an address it accepts, else the reason; `refused` builds the
    exception raised instead of sending anything. `inner` is the SDK's own client (tests
    replace its `request` to answer without a network).
    """

    def __init__(
        self,
        inner: Any,
        check: Callable[[str], str | None],
        refused: Callable[[str, str], Exception],
    ) -> None:
        self.inner = inner
        self._check = check
        self._refused = refused

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        reason = self._check(url)
        if reason is not None:
            raise self._refused(url, reason)
        return self.inner.request(method, url, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # user_agent, timeout and the like: the SDK reads them from its client.
        return getattr(self.inner, name)
