"""Sign-in throttling per (account, address), with growing delays and a ceiling per address.

A hard lock per account would let anyone lock out anyone by typing wrong passwords for
them; a lock per address would, behind a proxy or a shared office address, lock out
everyone at once. So failures are counted per (account, address): the first few are free,
then each one doubles the wait before that address may try that account again, up to a
ceiling. The real user, from their own address, is never slowed by an attacker elsewhere.
Each address also has a ceiling of failures over all accounts, against password spraying.

The same counts cover the second step of sign-in and re-confirmations, so a six-digit
code is no easier to guess than a password. Failures are rows in the database, so every
app server sees the same counts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import case, delete, func, select

from backoffice.accounts.models import LoginAttempt
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError


class ThrottledError(OperationError):
    status_code = 429


def _normal(email: str) -> str:
    return (email or "").strip().lower()[:254]


def delay_after(failures: int) -> timedelta:
    """How long an address waits after this many failures on one account."""
    config = current_app.config
    extra = failures - config["LOGIN_FREE_FAILURES"]
    if extra < 0:
        return timedelta(0)
    # Capped before it is computed, so no count makes a huge number.
    seconds = config["LOGIN_FIRST_DELAY_SECONDS"] * 2 ** min(extra, 32)
    return timedelta(seconds=min(seconds, config["LOGIN_MAX_DELAY_SECONDS"]))


def check(email: str, address: str, now: datetime | None = None) -> None:
    """Raise ``ThrottledError`` if this address must wait before trying this account."""
    config = current_app.config
    now = now or utcnow()
    email = _normal(email)
    since = now - timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    on_account = LoginAttempt.email == email
    row = db.session.execute(
        select(
            func.count(LoginAttempt.id),
            func.count(case((on_account, LoginAttempt.id))),
            func.max(case((on_account, LoginAttempt.created_at))),
        ).where(LoginAttempt.address == address, LoginAttempt.created_at >= since)
    ).one()
    from_address, on_this_account, last = row
    if from_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        raise ThrottledError(ngettext(
            "Too many failed sign-in attempts from your address. Try again in %(num)d minute.",
            "Too many failed sign-in attempts from your address. Try again in %(num)d "
            "minutes.", max(1, config["LOGIN_WINDOW_SECONDS"] // 60)))
    if on_this_account and last is not None:
        # MAX() keeps the column's type: an aware UTC datetime on every database.
        wait = last + delay_after(on_this_account) - now
        if wait > timedelta(0):
            raise ThrottledError(ngettext(
                "Too many failed attempts. Wait %(num)d second before you try again.",
                "Too many failed attempts. Wait %(num)d seconds before you try again.",
                math.ceil(wait.total_seconds())))


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    db.session.add(LoginAttempt(email=_normal(email), address=address,
                                created_at=now or utcnow()))
    db.session.flush()


def clear(email: str, address: str) -> None:
    """A success from this address forgets its failures on this account."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.email == _normal(email), LoginAttempt.address == address))
