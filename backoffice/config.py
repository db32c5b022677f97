"""Configuration: defaults, then environment variables, then the factory's overrides.

Keys are checked here, at start-up, so that a server never runs with a session key that
can be guessed or an encryption key that cannot decrypt: it refuses to start and says how
to make a good one. Files holding secrets (the development keys, the SQLite database) are
created readable by their owner only, from the first byte.
"""

from __future__ import annotations

import binascii
import contextlib
import os
import secrets
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Upload limit for every request: large enough for any real catalog, small enough that
# an accidental or hostile 50 MB upload is refused before it is read.
MAX_UPLOAD_BYTES = 16 * 1024 * 1024

# A session key must carry at least 32 random bytes. Accepted spellings: 64 or more hex
# digits (``secrets.token_hex(32)``) or 43 or more base64 characters, URL-safe or not
# (``secrets.token_urlsafe(32)``). Anything shorter, or written with other characters
# (a pass phrase), is refused: its strength cannot be told from its length.
_HEX_DIGITS = frozenset(string.hexdigits)
_BASE64_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_+/")
MIN_SECRET_HEX_DIGITS = 64
MIN_SECRET_BASE64_CHARACTERS = 43
# A random key of that length uses far more distinct characters (12 or more in practice):
# fewer means a repeated pattern such as "aaaa..." that only looks long.
MIN_SECRET_DISTINCT_CHARACTERS = 10
MAKE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"  # noqa: S105
MAKE_FERNET_KEY = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)
# Reverse proxies in front of the app whose X-Forwarded-For/-Proto headers are trusted.
MAX_PROXY_HOPS = 5


class ConfigError(RuntimeError):
    """The application cannot start with this configuration."""


def _private_file(path: Path, make: Callable[[], bytes]) -> None:
    """Create ``path`` with mode 0600 holding ``make()``, unless it exists already.

    The content is written to a private temporary file first and then linked into place,
    so the file is never readable by others, nor ever seen half written by a second
    process starting at the same moment (the loser of the race keeps the winner's key).
    """
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:  # mkstemp creates it 0600
            handle.write(make())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _dev_secret_key(instance_dir: Path) -> str:
    """A per-checkout secret kept in instance/, so development sessions survive restarts."""
    key_file = instance_dir / "secret_key"
    _private_file(key_file, lambda: secrets.token_hex(32).encode())
    return key_file.read_text().strip()


def _dev_encryption_key(instance_dir: Path) -> str:
    """A per-checkout Fernet key kept in instance/, so stored secrets survive restarts."""
    from cryptography.fernet import Fernet

    key_file = instance_dir / "encryption_key"
    _private_file(key_file, Fernet.generate_key)
    return key_file.read_text().strip()


def private_sqlite_file(url: str) -> None:
    """Create a SQLite database file with mode 0600 before anything opens it.

    SQLite creates a missing file with the process's umask (usually world-readable), and
    gives its -wal and -shm files the database file's own mode: an empty file made here
    first is a valid empty database, and keeps all three private.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if database.startswith("file:") or parsed.query.get("mode") == "memory":
        return
    path = Path(database)
    _private_file(path, bytes)


def check_secret_key(key: str) -> None:
    """Refuse a session key that carries less than 32 random bytes, saying how to make one."""
    characters = set(key)
    if characters <= _HEX_DIGITS:
        long_enough = len(key) >= MIN_SECRET_HEX_DIGITS
    elif characters <= _BASE64_CHARACTERS | {"="}:
        long_enough = len(key.rstrip("=")) >= MIN_SECRET_BASE64_CHARACTERS
    else:
        long_enough = False
    if not long_enough or len(characters) < MIN_SECRET_DISTINCT_CHARACTERS:
        raise ConfigError(
            "BACKOFFICE_SECRET_KEY is too weak: it signs every session, so it must hold at "
            f"least 32 random bytes, written as {MIN_SECRET_HEX_DIGITS} or more hex digits "
            f"or {MIN_SECRET_BASE64_CHARACTERS} or more URL-safe base64 characters. "
            f"Make one with: {MAKE_SECRET_KEY}"
        )


def check_encryption_key(key: str | bytes) -> None:
    """Refuse a key Fernet cannot use (32 bytes, URL-safe base64), saying how to make one."""
    from cryptography.fernet import Fernet

    try:
        Fernet(key.encode() if isinstance(key, str) else key)
    except (ValueError, TypeError, binascii.Error):
        raise ConfigError(
            "BACKOFFICE_ENCRYPTION_KEY is not a valid Fernet key (32 bytes in URL-safe "
            f"base64, 44 characters). Make one with: {MAKE_FERNET_KEY}"
        ) from None


def _proxy_hops(value: str | None) -> int:
    text = (value or "0").strip()
    if not text.isdigit() or int(text) > MAX_PROXY_HOPS:
        raise ConfigError(
            "BACKOFFICE_PROXY_HOPS is the number of reverse proxies in front of the app whose "
            f"X-Forwarded-For header is trusted: a whole number from 0 (none, the default) "
            f"to {MAX_PROXY_HOPS}."
        )
    return int(text)


def _minutes(name: str, value: str | None, default: int) -> int:
    text = (value or str(default)).strip()
    if not text.isdigit() or not 1 <= int(text) <= 24 * 60:
        raise ConfigError(f"{name} is a number of minutes from 1 to 1440.")
    return int(text)


def build_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    overrides = dict(overrides or {})
    env = os.environ
    production = (overrides.get("ENV") or env.get("BACKOFFICE_ENV", "development")) == "production"
    config: dict[str, Any] = {
        "ENV": "production" if production else "development",
        "DATABASE_URL": env.get("DATABASE_URL")
        or f"sqlite:///{INSTANCE_DIR / 'backoffice.sqlite3'}",
        "SECRET_KEY": env.get("BACKOFFICE_SECRET_KEY"),
        # Fernet key (urlsafe base64, 32 bytes) for secrets stored in the database.
        "ENCRYPTION_KEY": env.get("BACKOFFICE_ENCRYPTION_KEY"),
        "LOCALES_DIR": env.get("BACKOFFICE_LOCALES_DIR") or str(PROJECT_ROOT / "locales"),
        "COUNTRIES_DIR": env.get("BACKOFFICE_COUNTRIES_DIR") or str(PROJECT_ROOT / "countries"),
        "CONSOLE_LANGUAGES": ["en", "fr"],
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_DOMAIN": "backoffice",
        "MAX_CONTENT_LENGTH": MAX_UPLOAD_BYTES,
        "MAX_FORM_MEMORY_SIZE": MAX_UPLOAD_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A signed-in session ends after this long, whatever happens (checked server-side).
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        # Reverse proxies trusted for the client's address (Werkzeug's ProxyFix); 0 = none.
        "PROXY_HOPS": _proxy_hops(env.get("BACKOFFICE_PROXY_HOPS")),
        # Sign-in throttling, per (account, address): a few failures are free, then each
        # one doubles the wait before the next try, up to a ceiling. Nobody elsewhere can
        # lock an account. Each address also has a ceiling of failures, against spraying.
        "LOGIN_WINDOW_SECONDS": 60 * 60,
        "LOGIN_FREE_FAILURES": 3,
        "LOGIN_FIRST_DELAY_SECONDS": 2,
        "LOGIN_MAX_DELAY_SECONDS": 15 * 60,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 50,
        "PASSWORD_MIN_LENGTH": 12,
        # Roles that must sign in with a second factor (TOTP): they move money or grant
        # access. Anyone who enrolled an authenticator is asked for it too.
        "SECOND_FACTOR_ROLES": ["admin", "finance"],
        # Sensitive actions ask the person to confirm again once this much time has passed
        # since they last did (sign-in counts).
        "REAUTH_MINUTES": _minutes("BACKOFFICE_REAUTH_MINUTES",
                                   env.get("BACKOFFICE_REAUTH_MINUTES"), 5),
        # API tokens: lifetime offered by default, and the longest one allowed.
        "TOKEN_DEFAULT_DAYS": 90,
        "TOKEN_MAX_DAYS": 365,
        # Background work and mail (``backoffice.tasks``, ``backoffice.notifications``).
        "QUEUE_URL": env.get("BACKOFFICE_QUEUE_URL")
        or f"sqlite:///{INSTANCE_DIR / 'queue.sqlite3'}",
        "SMTP_URL": env.get("BACKOFFICE_SMTP_URL"),  # unset: notifications stay in the inbox
        "MAIL_FROM": env.get("BACKOFFICE_MAIL_FROM") or "backoffice@localhost",
        "BASE_URL": env.get("BACKOFFICE_BASE_URL") or "http://127.0.0.1:5000",
        # Client API catalog answers kept per worker, bounded in bytes; with a folder, also
        # on disk, shared by the workers of one machine and bounded too ("" = memory only).
        "CLIENT_CATALOG_CACHE_BYTES": int(
            env.get("BACKOFFICE_CLIENT_CATALOG_CACHE_BYTES") or 64 * 1024 * 1024),
        "CLIENT_CATALOG_CACHE_DIR": env.get("BACKOFFICE_CLIENT_CATALOG_CACHE_DIR") or "",
        "CLIENT_CATALOG_CACHE_DIR_BYTES": int(
            env.get("BACKOFFICE_CLIENT_CATALOG_CACHE_DIR_BYTES") or 1024 * 1024 * 1024),
    }
    config.update(overrides)
    # The console's own catalogs always ship with the code, wherever LOCALES_DIR points.
    config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "locales"))
    if not config["SECRET_KEY"]:
        if config["ENV"] == "production":
            raise ConfigError(
                f"BACKOFFICE_SECRET_KEY must be set in production. Make one with: "
                f"{MAKE_SECRET_KEY}"
            )
        config["SECRET_KEY"] = _dev_secret_key(INSTANCE_DIR)
    elif config["ENV"] == "production" or "SECRET_KEY" not in overrides:
        # A key given to a server is checked; a test's fixed key passed in code is not.
        check_secret_key(config["SECRET_KEY"])
    if not config["ENCRYPTION_KEY"]:
        if config["ENV"] == "production":
            raise ConfigError(
                "BACKOFFICE_ENCRYPTION_KEY must be set in production: it protects the payment "
                f"providers' keys stored in the database. Make one with: {MAKE_FERNET_KEY}"
            )
        config["ENCRYPTION_KEY"] = _dev_encryption_key(INSTANCE_DIR)
    check_encryption_key(config["ENCRYPTION_KEY"])
    private_sqlite_file(config["DATABASE_URL"])
    config["ADYEN_URL_ALLOWLIST"] = _adyen_url_allowlist(config, env)
    return config


def _adyen_url_allowlist(config: dict[str, Any], env: os._Environ[str]) -> tuple[str, ...]:
    """Hosts besides Adyen's own that a connector's base URL may name (host[:port] patterns).

    Only the server's configuration sets them, never a form or the API: by default the
    local Adyen-compatible server (loopback) outside production, nothing in production.
    """
    from connectors.payments.adyen_hosts import LOOPBACK_ALLOWLIST, parse_allowlist

    value = config.get("ADYEN_URL_ALLOWLIST", env.get("BACKOFFICE_ADYEN_URL_ALLOWLIST"))
    if value is None:
        return () if config["ENV"] == "production" else LOOPBACK_ALLOWLIST
    try:
        return parse_allowlist(value)
    except ValueError as error:
        raise ConfigError(f"BACKOFFICE_ADYEN_URL_ALLOWLIST: {error}.") from None
