"""The stand-in's HTTP server: one thread per request, nothing kept but a request count."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

DEMO_KEY = "local-deepl-demo-key:fx"

def pseudo_translate(text: str, target: str) -> str:
    return f"[{target}] {text}"


class Handler(BaseHTTPRequestHandler):
    server: LocalDeepL

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        self.server.requests += 1
        if self.path.split("?")[0] != "/v2/translate":
            self._answer(404, {"message": "Not found"})
            return
        if self.headers.get("Authorization", "") != f"DeepL-Auth-Key {self.server.key}":
            self._answer(403, {"message": "Authorization failure, check auth_key"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 1_000_000))
        if "json" in (self.headers.get("Content-Type") or ""):
            body = json.loads(raw or b"{}")
            texts, target = body.get("text", []), body.get("target_lang", "")
        else:
            form = parse_qs(raw.decode())
            texts, target = form.get("text", []), (form.get("target_lang") or [""])[0]
        if isinstance(texts, str):
            texts = [texts]
        if not target or not texts:
            self._answer(400, {"message": "Parameter 'target_lang' or 'text' missing"})
            return
        self._answer(200, {"translations": [
            {"detected_source_language": "EN", "text": pseudo_translate(t, target.upper()),
             "billed_characters": len(t)}
            for t in texts]})

    def do_GET(self) -> None:  # noqa: N802
        if self.path.split("?")[0] == "/v2/usage":
            self._answer(200, {"character_count": 0, "character_limit": 500000})
        else:
            self._answer(404, {"message": "Not found"})


class LocalDeepL(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0, key: str = DEMO_KEY) -> None:
        super().__init__((host, port), Handler)
        self.key = key
        self.requests = 0

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]  # server_address, as a str
        return f"http://{host}:{port}"

    def start(self) -> LocalDeepL:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self
