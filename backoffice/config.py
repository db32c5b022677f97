"""Configuration: defaults, then environment variables, then the factory's overrides."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

# Upload limit for every request: large enough for any real catalog, small enough that
# an accidental or hostile 50 MB upload is refused before it is read.
MAX_UPLOAD_BYTES = 16 * 1024 * 1024


class ConfigError(RuntimeError):
    """The application cannot start with this configuration."""


def _dev_secret_key() -> str:
    """A per-checkout secret kept in instance/, so development sessions survive restarts."""
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _dev_encryption_key() -> str:
    """A per-checkout Fernet key kept in instance/, so stored secrets survive restarts."""
    from cryptography.fernet import Fernet

    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "encryption_key"
    if not key_file.exists():
        key_file.write_bytes(Fernet.generate_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def build_config(overrides: dict | None = None) -> dict:
    overrides = dict(overrides or {})
    env = os.environ
    production = (overrides.get("ENV") or env.get("BACKOFFICE_ENV", "development")) == "production"
    config: dict = {
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
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        # Sign-in throttling: failures allowed in the window, per account and per address.
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "PASSWORD_MIN_LENGTH": 12,
    }
    config.update(overrides)
    # The console's own catalogs always ship with the code, wherever LOCALES_DIR points.
    config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "locales"))
    if not config["SECRET_KEY"]:
        if config["ENV"] == "production":
            raise ConfigError("BACKOFFICE_SECRET_KEY must be set in production.")
        config["SECRET_KEY"] = _dev_secret_key()
    if not config["ENCRYPTION_KEY"]:
        if config["ENV"] == "production":
            raise ConfigError(
                "BACKOFFICE_ENCRYPTION_KEY must be set in production: it protects the payment "
                "providers' keys stored in the database."
            )
        config["ENCRYPTION_KEY"] = _dev_encryption_key()
    config["ADYEN_URL_ALLOWLIST"] = _adyen_url_allowlist(config, env)
    return config


def _adyen_url_allowlist(config: dict, env: os._Environ[str]) -> tuple[str, ...]:
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
