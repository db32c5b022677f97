"""Secrets at rest: Fernet with the key from the ``ENCRYPTION_KEY`` setting.

Only ciphertext reaches the database; the clear value lives in memory for the one call
that needs it. Show people a hint (the last characters), never the value.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

MASK = "••••"


class SecretUnreadableError(RuntimeError):
    """A stored secret cannot be decrypted with the configured key."""


def _fernet() -> Fernet:
    key = current_app.config.get("ENCRYPTION_KEY")
    if not key:
        raise RuntimeError("ENCRYPTION_KEY is not configured")
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt_secret(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise SecretUnreadableError(
            "a stored secret cannot be decrypted: was ENCRYPTION_KEY changed?"
        ) from None


def secret_hint(value: str) -> str:
    """The last 4 characters, kept in clear to tell secrets apart; none for short ones."""
    return value[-4:] if len(value) >= 12 else ""


def masked(hint: str | None) -> str:
    return MASK + (hint or "")
