"""Password hashing and strength rules."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from backoffice.core.errors import OperationError

# scrypt is Werkzeug's memory-hard default; it needs no extra native dependency.
_METHOD = "scrypt"
# Compared against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=_METHOD)

_COMMON = frozenset(
    {
        "password", "password123", "123456789012", "qwertyuiopas", "azertyuiopqs",
        "letmeinplease", "changemenow!", "administrator", "passwordpassword",
        "iloveyou1234", "welcome12345", "111111111111", "000000000000",
    }
)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_METHOD)


def verify_password(password_hash: str | None, password: str) -> bool:
    return check_password_hash(password_hash or _DUMMY_HASH, password) and bool(password_hash)


def check_strength(password: str | None, email: str, min_length: int) -> str:
    """Return the password if it is strong enough, else raise with the reason."""
    if not password:
        raise OperationError(_("A password is required."), "password")
    if len(password) < min_length:
        raise OperationError(
            _("The password is too short: use at least %(n)d characters.", n=min_length),
            "password",
        )
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if lowered in _COMMON or len(set(password)) < 5:
        raise OperationError(_("This password is too easy to guess."), "password")
    if len(local_part) >= 4 and local_part in lowered:
        raise OperationError(_("The password must not contain the email address."), "password")
    return password
