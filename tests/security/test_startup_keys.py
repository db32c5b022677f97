"""Closes: a server started with a guessable session key or an unusable encryption key.

A short ``BACKOFFICE_SECRET_KEY`` let an admin session be forged; an invalid Fernet key
only failed when a payment key was first read. Both are checked at start-up, and the
refusal says how to make a good key.
"""

import base64
import os
import secrets

import pytest
from cryptography.fernet import Fernet

from backoffice.app import create_app
from backoffice.config import ConfigError, build_config

GOOD_FERNET = Fernet.generate_key().decode()


def _production(**config: str) -> dict:
    return {"ENV": "production", "DATABASE_URL": "sqlite://", "ENCRYPTION_KEY": GOOD_FERNET,
            **config}


@pytest.mark.parametrize("key", [
    "short",
    secrets.token_hex(16),  # 16 bytes only
    secrets.token_urlsafe(24),  # 24 bytes only
    "a" * 64,  # long, but one character repeated
    "deadbeef" * 8,  # 64 hex digits, but a pattern: far too few distinct characters
    "correct horse battery staple and a few more words",  # not hex, not base64
])
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        create_app(_production(SECRET_KEY=key))
    assert "32 random bytes" in str(refused.value)
    assert "secrets.token_hex(32)" in str(refused.value)


@pytest.mark.parametrize("key", [
    secrets.token_hex(32),
    secrets.token_urlsafe(32),
    base64.b64encode(os.urandom(32)).decode(),
])
def test_production_accepts_32_random_bytes_in_hex_or_base64(key: str) -> None:
    assert create_app(_production(SECRET_KEY=key)).config["SECRET_KEY"] == key


def test_a_key_from_the_environment_is_checked_in_development_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_SECRET_KEY", "dev")
    with pytest.raises(ConfigError, match="BACKOFFICE_SECRET_KEY is too weak"):
        build_config({"DATABASE_URL": "sqlite://", "ENCRYPTION_KEY": GOOD_FERNET})


@pytest.mark.parametrize("key", [
    "not-a-fernet-key",
    base64.urlsafe_b64encode(os.urandom(16)).decode(),  # 16 bytes, not 32
    "x" * 44,
])
def test_an_invalid_encryption_key_is_refused_at_start_up(key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        create_app(_production(SECRET_KEY=secrets.token_hex(32), ENCRYPTION_KEY=key))
    assert "not a valid Fernet key" in str(refused.value)
    assert "Fernet.generate_key()" in str(refused.value)


def test_missing_keys_in_production_say_how_to_make_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKOFFICE_SECRET_KEY", raising=False)
    monkeypatch.delenv("BACKOFFICE_ENCRYPTION_KEY", raising=False)
    with pytest.raises(ConfigError, match=r"secrets\.token_hex\(32\)"):
        create_app({"ENV": "production", "DATABASE_URL": "sqlite://"})
    with pytest.raises(ConfigError, match=r"Fernet\.generate_key"):
        create_app({"ENV": "production", "DATABASE_URL": "sqlite://",
                    "SECRET_KEY": secrets.token_hex(32)})
