"""Users, scopes and sign-in. Operations flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from backoffice.accounts.models import LoginAttempt, User, UserCountryScope, UserLocaleScope
from backoffice.accounts.passwords import check_strength, hash_password, verify_password
from backoffice.audit import operations as audit
from backoffice.core.db import db, utcnow
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.core.locale_ids import validate_locale_id
from backoffice.core.permissions import LOCALE_SCOPED_ROLES, Role
from backoffice.core.validation import validate_country_code


def normalize_email(value: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise OperationError(_("This is not a valid email address: %(why)s", why=str(error)),
                             "email") from None


def _validate_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise OperationError(
            _('Unknown role "%(role)s". Roles: %(roles)s.', role=role,
              roles=", ".join(r.value for r in Role)),
            "role",
        ) from None


def _validate_scopes(
    role: Role, locales: Iterable[str], countries: Iterable[str]
) -> tuple[list[str], list[str]]:
    clean_locales = sorted({validate_locale_id(loc, "locales") for loc in locales if loc.strip()})
    clean_countries = sorted(
        {validate_country_code(cc, "countries") for cc in countries if cc.strip()}
    )
    if role in LOCALE_SCOPED_ROLES and not clean_locales:
        raise OperationError(
            _("Translators and reviewers need at least one locale to work on."), "locales"
        )
    if clean_countries and role != Role.LAUNCH_MANAGER:
        raise OperationError(_("Only launch managers are scoped to countries."), "countries")
    return clean_locales, clean_countries


def _set_scopes(user: User, locales: list[str], countries: list[str]) -> None:
    # Keep the rows that stay: replacing them all would insert before the old ones go.
    user.locale_scopes = [s for s in user.locale_scopes if s.locale in locales] + [
        UserLocaleScope(locale=loc) for loc in locales if loc not in user.locales
    ]
    user.country_scopes = [s for s in user.country_scopes if s.country_code in countries] + [
        UserCountryScope(country_code=cc) for cc in countries if cc not in user.countries
    ]


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("No such user."))
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def create_user(
    email: str,
    role: str,
    password: str | None,
    *,
    locales: Iterable[str] = (),
    countries: Iterable[str] = (),
    language: str | None = None,
    reason: str | None = None,
) -> User:
    email = normalize_email(email)
    checked_role = _validate_role(role)
    clean_locales, clean_countries = _validate_scopes(checked_role, locales, countries)
    if find_user_by_email(email) is not None:
        raise OperationError(_("A user with this email already exists."), "email")
    check_strength(password, email, current_app.config["PASSWORD_MIN_LENGTH"])
    user = User(
        email=email,
        role=checked_role.value,
        password_hash=hash_password(password or ""),
        language=language,
        active=True,
    )
    _set_scopes(user, clean_locales, clean_countries)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", "user", user.id, after=user.snapshot(), reason=reason)
    return user


def update_user(
    user: User,
    *,
    role: str,
    locales: Iterable[str],
    countries: Iterable[str],
    active: bool,
    reason: str | None = None,
) -> User:
    before = user.snapshot()
    checked_role = _validate_role(role)
    clean_locales, clean_countries = _validate_scopes(checked_role, locales, countries)
    user.role = checked_role.value
    _set_scopes(user, clean_locales, clean_countries)
    if user.active and not active:
        user.session_version += 1
    user.active = active
    db.session.flush()
    audit.record("user.updated", "user", user.id, before=before, after=user.snapshot(),
                 reason=reason)
    return user


def set_password(user: User, password: str, *, reason: str | None = None) -> None:
    check_strength(password, user.email, current_app.config["PASSWORD_MIN_LENGTH"])
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()
    audit.record("user.password_changed", "user", user.id,
                 before={"password": "old"}, after={"password": "new"}, reason=reason)


def set_language(user: User, language: str) -> None:
    if language not in current_app.config["CONSOLE_LANGUAGES"]:
        raise OperationError(_("This language is not available."), "language")
    if user.language != language:
        before = {"language": user.language}
        user.language = language
        db.session.flush()
        audit.record("user.language_changed", "user", user.id, before=before,
                     after={"language": language})


class ThrottledError(OperationError):
    status_code = 429


def _recent_failures(column, value: str) -> int:  # type: ignore[no-untyped-def]
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    query = select(func.count(LoginAttempt.id)).where(
        column == value, LoginAttempt.created_at >= since
    )
    return db.session.scalar(query) or 0


def authenticate(email: str, password: str, address: str) -> User:
    """Return the user for these credentials, or raise one message for every failure.

    Failures are counted per account and per address; past the limits, sign-in is
    refused before the password is even checked.
    """
    email = (email or "").strip().lower()[:254]
    config = current_app.config
    minutes = config["LOGIN_WINDOW_SECONDS"] // 60
    if (
        _recent_failures(LoginAttempt.email, email) >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or _recent_failures(LoginAttempt.address, address)
        >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        raise ThrottledError(
            _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
              minutes=minutes)
        )
    user = find_user_by_email(email) if email else None
    if not verify_password(user.password_hash if user else None, password or "") or not (
        user and user.active
    ):
        db.session.add(LoginAttempt(email=email, address=address))
        db.session.flush()
        raise OperationError(_("Invalid email or password."))
    audit.record("user.signed_in", "user", user.id, actor=user)
    return user
