"""The load generators of the HTTP benchmarks: Debian's ``wrk`` when installed, else
threads with keep-alive ``http.client`` connections. All traffic stays on 127.0.0.1 and
each measurement is bounded in time (and, for the threads, in requests)."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

CONNECTIONS = 4
MAX_REQUESTS = 200_000


@dataclass
class Load:
    requests: int
    seconds: float
    p50: float
    p99: float
    errors: int
    tool: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict[str, str] | None = None
          ) -> tuple[int, bytes, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("ETag")
    finally:
        connection.close()


def load(port: int, path: str | list[str], seconds: float,
         headers: dict[str, str] | None = None) -> Load:
    """Load ``path`` (or each of a list in turn) for ``seconds``."""
    paths = [path] if isinstance(path, str) else path
    if shutil.which("wrk"):
        return _wrk(port, paths, seconds, headers or {})
    return _threads(port, paths, seconds, headers or {})


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _duration(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    number, unit = found.groups()
    return float(number) * _UNITS[unit]


_ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


def _wrk(port: int, paths: list[str], seconds: float, headers: dict[str, str]) -> Load:
    import tempfile

    args = ["wrk", "--threads", "2", "--connections", str(CONNECTIONS), "--duration",
            f"{max(1, round(seconds))}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        args += ["--header", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if len(paths) > 1:
            script.write(_ROTATE % ", ".join(f'"{p}"' for p in paths))
            script.flush()
            args += ["--script", script.name]
        done = subprocess.run([*args, f"http://127.0.0.1:{port}{paths[0]}"],
                              capture_output=True, text=True, check=True,
                              timeout=seconds + 60)
    out = done.stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    summary = re.search(r"(\d+) requests in ([\d.]+\w+),", out)
    if summary is None:
        raise ValueError(f"wrk printed no request count:\n{out}")
    total, took = summary.groups()
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Load(int(total), _duration(took), _duration(percentiles["50"]),
                _duration(percentiles["99"]), errors, "wrk")


def _threads(port: int, paths: list[str], seconds: float, headers: dict[str, str]) -> Load:
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors = [0] * CONNECTIONS
    deadline = time.perf_counter() + seconds
    cap = MAX_REQUESTS // CONNECTIONS

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        own = latencies[index]
        while time.perf_counter() < deadline and len(own) < cap:
            start = time.perf_counter()
            try:
                connection.request("GET", paths[len(own) % len(paths)], headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            own.append(time.perf_counter() - start)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    every = sorted(t for own in latencies for t in own)
    if not every:
        return Load(0, took, float("nan"), float("nan"), sum(errors), "threads")
    return Load(len(every), took, every[len(every) // 2], every[int(len(every) * 0.99)],
                sum(errors), "threads")
