"""The second factor: a TOTP authenticator (RFC 6238) and one-time recovery codes.

``pyotp`` computes the codes; ``segno`` draws the QR code as SVG inside the page (no
remote asset, no script). The shared secret is stored encrypted (``core.crypto``), a code
is accepted once (the last time step used is kept), and recovery codes are shown once and
stored as digests. Wrong codes count as failed sign-ins (``throttling``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from flask_babel import gettext as _
from markupsafe import Markup
from pyotp.utils import strings_equal
from sqlalchemy import delete, func, select

from backoffice.accounts import sessions
from backoffice.accounts.models import RecoveryCode, User
from backoffice.audit import operations as audit
from backoffice.core.crypto import decrypt_secret, encrypt_secret
from backoffice.core.db import db, utcnow
from backoffice.core.errors import OperationError

ISSUER = "Launch backoffice"
# One step either side of now: phones whose clock is a little off still work.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
# 16 characters of base32: 80 random bits each, shown in groups of four.
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_RECOVERY_LENGTH = 16
_TOTP_CODE = re.compile(r"^[0-9]{6}$")
MAX_CODE_LENGTH = 64
# A secret being set up is offered for this long.
ENROLMENT_MAX_AGE = timedelta(minutes=15)


def _clean(code: str | None) -> str:
    return re.sub(r"[\s-]", "", (code or "")[:MAX_CODE_LENGTH]).upper()


def _recovery_digest(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


# --- setting up an authenticator ---------------------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The QR code of ``uri`` as inline SVG (our own drawing: no user text in it)."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff"))  # noqa: S704


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it in by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def pending_secret(user: User) -> tuple[str, bool]:
    """The secret this browser is setting up for ``user``, and whether it is new.

    Kept while the page is reloaded or a code is mistyped, so the phone's entry stays
    right; replaced after ``ENROLMENT_MAX_AGE``.
    """
    kept = sessions.unseal("enrolment", keep=True, max_age=ENROLMENT_MAX_AGE)
    if isinstance(kept, dict) and kept.get("user") == user.id and isinstance(
            kept.get("secret"), str):
        return kept["secret"], False
    secret = new_secret()
    sessions.seal("enrolment", {"user": user.id, "secret": secret})
    return secret, True


def _matching_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    if not _TOTP_CODE.match(code):
        return None
    try:
        step = pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=now, valid_window=VALID_WINDOW)
    except pyotp.exceptions.OTPVerificationError:
        return None
    if last_step is not None and step <= last_step:
        return None  # this code (or an older one) was used already
    return step


def enrol(user: User, secret: str, code: str, now: datetime | None = None) -> list[str]:
    """Keep the authenticator if ``code`` proves it works; return new recovery codes."""
    now = now or utcnow()
    step = _matching_step(secret, _clean(code), None, now)
    if step is None:
        raise OperationError(
            _("This code does not match. Check the time on your phone and enter the code "
              "your app shows now."), "code")
    replacing = user.has_second_factor
    user.totp_secret_enc = encrypt_secret(secret)
    user.totp_enrolled_at = now
    user.totp_last_step = step
    codes = _new_recovery_codes(user, now)
    db.session.flush()
    audit.record("user.second_factor_enrolled", "user", user.id,
                 before={"second_factor": replacing}, after={"second_factor": True})
    return codes


def _new_recovery_codes(user: User, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_digest=_recovery_digest(raw),
                                    created_at=now))
    db.session.flush()
    return codes


def renew_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user, utcnow())
    audit.record("user.recovery_codes_renewed", "user", user.id,
                 after={"recovery_codes": RECOVERY_CODE_COUNT})
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


# --- checking a code ---------------------------------------------------------------------


def check_code(user: User, code: str, now: datetime | None = None) -> str | None:
    """How ``code`` proves it is ``user`` ("totp" or "recovery_code"), or None.

    A recovery code works once; using one is audited, since it means the authenticator
    was not at hand.
    """
    if not user.has_second_factor:
        return None
    now = now or utcnow()
    cleaned = _clean(code)
    secret = decrypt_secret(user.totp_secret_enc or "")
    step = _matching_step(secret, cleaned, user.totp_last_step, now)
    if step is not None:
        user.totp_last_step = step
        db.session.flush()
        return "totp"
    if len(cleaned) != _RECOVERY_LENGTH:
        return None
    wanted = _recovery_digest(cleaned)
    for row in db.session.scalars(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))):
        if strings_equal(row.code_digest, wanted):
            row.used_at = now
            db.session.flush()
            audit.record("user.recovery_code_used", "user", user.id, actor=user,
                         after={"recovery_codes_left": recovery_codes_left(user)})
            return "recovery_code"
    return None


def remove(user: User, *, reason: str | None, action: str = "user.second_factor_reset") -> None:
    """Forget the user's authenticator and recovery codes (the caller ends their sessions)."""
    before = user.has_second_factor
    user.totp_secret_enc = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()
    audit.record(action, "user", user.id, before={"second_factor": before},
                 after={"second_factor": False}, reason=reason)
