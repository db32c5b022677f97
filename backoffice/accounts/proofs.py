"""Proving it is you after the password: the authenticator's code, or the password again.

One check for the second step of sign-in and for re-confirmations, throttled like the
password itself (``throttling``): wrong answers count per (account, address).
"""

from __future__ import annotations

from flask_babel import gettext as _

from backoffice.accounts import second_factor, throttling
from backoffice.accounts.models import User
from backoffice.accounts.passwords import verify_password
from backoffice.core.errors import OperationError


class WrongProof(OperationError):
    """The code or password was not right; the failure was recorded (commit it)."""


def prove(user: User, proof: str | None, *, address: str) -> str:
    """How the person proved it is them: "totp", "recovery_code" or "password".

    People with an authenticator give its code (or a recovery code); the others, their
    password. Raises ``throttling.ThrottledError`` while they must wait, ``WrongProof``
    otherwise.
    """
    throttling.check(user.email, address)
    method: str | None
    if user.has_second_factor:
        method = second_factor.check_code(user, proof or "")
    else:
        method = "password" if proof and verify_password(user.password_hash, proof) else None
    if method is None:
        throttling.record_failure(user.email, address)
        if user.has_second_factor:
            raise WrongProof(_("This code is not right. Enter the code your app shows now, "
                               "or one of your recovery codes."), "code")
        raise WrongProof(_("This password is not right."), "code")
    return method
