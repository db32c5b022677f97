"""Many people editing the same catalog at once, through the console and the admin API.

Each client keeps the version it last saw of every message. A save with a stale version
is a conflict: the client must get its own text back and the current text, and retries
with the new version. Every save answered as saved must be in the database afterwards.
"""

from __future__ import annotations

import http.cookiejar
import json
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from backoffice.accounts import operations as accounts
from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Message, TranslationHistory
from backoffice.core.db import db
from tests.support.live_server import serve

PASSWORD = "concurrent-editor-password-1"
MESSAGES = 30  # in the catalog
HOT = 8  # the messages everybody edits (overlapping on purpose)
TIMEOUT = 60


def catalog_po(count: int = MESSAGES) -> bytes:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
             '(n%100<10 || n%100>=20) ? 1 : 2);\\n"', ""]
    for number in range(count):
        lines += [f'msgid "Shared message number {number}"', 'msgstr ""', ""]
    return "\n".join(lines).encode()


@dataclass
class Tally:
    attempted: int = 0
    saved: int = 0
    conflicted: int = 0
    # (message id, version) -> text answered as saved
    saves: dict[tuple[int, int], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One person: a browser session (console JSON) or a bearer token (admin API)."""

    def __init__(self, base: str, name: str, *, email: str | None = None,
                 token: str | None = None) -> None:
        self.base, self.name, self.token = base, name, token
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""
        if email is not None:
            self._sign_in(email)

    def _get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=TIMEOUT) as response:
            return response.read().decode()

    def _sign_in(self, email: str) -> None:
        page = self._get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"email": email, "password": PASSWORD, "csrf_token": token}).encode()
        with self.opener.open(self.base + "/login", data=data, timeout=TIMEOUT) as response:
            assert "/login" not in response.geturl(), "sign-in failed"
        editor = self._get("/catalogs/app/pl_PL/")
        self.csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', editor).group(1)

    def save(self, message_id: int, text: str, version: int) -> tuple[int, dict]:
        body = json.dumps({"translations": [text], "version": version}).encode()
        if self.token:
            url = f"{self.base}/api/v1/admin/catalogs/messages/{message_id}"
            method, headers = "PUT", {"Authorization": f"Bearer {self.token}"}
        else:
            url = f"{self.base}/catalogs/api/messages/{message_id}"
            method, headers = "POST", {"X-CSRFToken": self.csrf}
        headers["Content-Type"] = "application/json"
        request = urllib.request.Request(  # noqa: S310 - loopback only
            url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def conflict_state(self, body: dict) -> tuple[list[str], int]:
        current = body["current"] if self.token else body["conflict"]
        return current["translations"], current["version"]


def _edit(client: Client, ids: list[int], versions: dict[int, int], tally: Tally,
          deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    number = 0
    while time.monotonic() < deadline:
        message_id = rng.choice(ids)
        number += 1
        text = f"{client.name} edit {number}"
        while time.monotonic() < deadline + 5:
            status, body = client.save(message_id, text, versions[message_id])
            with tally.lock:
                tally.attempted += 1
            if status == 200:
                if not body.get("saved") or body["translations"] != [text]:
                    tally.problems.append(f"{client.name}: odd answer {body}")
                    break
                with tally.lock:
                    tally.saved += 1
                    key = (message_id, body["version"])
                    if key in tally.saves:
                        tally.problems.append(f"version {key} answered twice")
                    tally.saves[key] = text
                versions[message_id] = body["version"]
                break
            if status == 409:
                with tally.lock:
                    tally.conflicted += 1
                if body.get("yours") != [text]:
                    tally.problems.append(f"{client.name}: own text not returned: {body}")
                current, version = client.conflict_state(body)
                if not isinstance(current, list) or version <= versions[message_id]:
                    tally.problems.append(f"{client.name}: no newer current text: {body}")
                    break
                versions[message_id] = version
                continue  # keep mine: retry with the version just seen
            tally.problems.append(f"{client.name}: status {status}: {body}")
            break


def run_editors(app: Flask, *, clients: int, seconds: float) -> Tally:
    with app.app_context():
        catalogs.import_file("app", "pl_PL", catalog_po(), filename="pl.po")
        people = []
        for number in range(clients):
            user = accounts.create_user(f"editor{number}@example.com", "translator", PASSWORD,
                                        locales=("pl_PL",))
            clear = tokens.create_token(user, "tool")[1] if number % 2 else None
            people.append((user.email, clear))
        catalog = catalogs.get_catalog("app", "pl_PL")
        messages = list(db.session.scalars(
            select(Message).where(Message.catalog_id == catalog.id).order_by(Message.position)))
        ids = [m.id for m in messages[:HOT]]
        first_versions = {m.id: m.version for m in messages}
        db.session.commit()

    tally = Tally()
    with serve(app) as base:
        editors = [Client(base, f"client{n}", email=None if clear else email, token=clear)
                   for n, (email, clear) in enumerate(people)]
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_edit, args=(editor, ids, dict(first_versions), tally,
                                                 deadline, n))
            for n, editor in enumerate(editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + TIMEOUT)
        assert not any(thread.is_alive() for thread in threads), "a client hung"
    return tally


def check_nothing_lost(app: Flask, tally: Tally) -> int:
    """Compare the database with what the clients were told; return the lost saves."""
    lost = 0
    with app.app_context():
        catalog = catalogs.get_catalog("app", "pl_PL")
        by_message: dict[int, dict[int, str]] = {}
        for (message_id, version), text in tally.saves.items():
            by_message.setdefault(message_id, {})[version] = text
        for message_id, saved in by_message.items():
            message = db.session.get(Message, message_id)
            last = max(saved)
            if message.version != last or list(message.translations) != [saved[last]]:
                lost += 1
            history = {
                (row.version, tuple(row.translations))
                for row in db.session.scalars(select(TranslationHistory).where(
                    TranslationHistory.message_id == message_id))
            }
            lost += sum(1 for version, text in saved.items() if (version, (text,)) not in history)
        assert catalogs.recount(catalog) == catalog.counters()
        data = catalogs.export_bytes(catalog)
    assert_msgfmt_accepts(data)
    return lost


def assert_msgfmt_accepts(data: bytes) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (make test installs it)"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.po"
        source.write_bytes(data)
        done = subprocess.run(  # noqa: S603 - fixed program, our own file
            [msgfmt, "-c", "-o", str(Path(folder) / "export.mo"), str(source)],
            capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def report(tally: Tally, lost: int, label: str) -> str:
    return (f"\n{label}: edits attempted {tally.attempted}, saved {tally.saved}, "
            f"conflicted {tally.conflicted}, lost {lost}")

