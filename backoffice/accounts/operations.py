"""Users, scopes and sign-in. Operations flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backoffice.accounts import second_factor, sessions, throttling
from backoffice.accounts.models import User, UserCountryScope, UserLocaleScope
from backoffice.accounts.passwords import check_strength, hash_password, verify_password
from backoffice.audit import operations as audit
from backoffice.core.db import db
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
        sessions.end_all(user, "disabled")
    user.active = active
    db.session.flush()
    audit.record("user.updated", "user", user.id, before=before, after=user.snapshot(),
                 reason=reason)
    return user


def set_password(user: User, password: str, *, reason: str | None = None) -> None:
    """Change a password. Every session of the user ends; see ``change_own_password``."""
    user = sessions.real_user(user)
    check_strength(password, user.email, current_app.config["PASSWORD_MIN_LENGTH"])
    user.password_hash = hash_password(password)
    sessions.end_all(user, "password_changed")
    db.session.flush()
    audit.record("user.password_changed", "user", user.id,
                 before={"password": "old"}, after={"password": "new"}, reason=reason)


def change_own_password(
    user: User, current_password: str, new_password: str, *, address: str
) -> None:
    """The person changes their own password: their other sessions end, this one goes on.

    The current session carries on under a new id, so a copy of the old cookie opens
    nothing either. Wrong current passwords count as failed sign-ins.
    """
    user = sessions.real_user(user)
    throttling.check(user.email, address)
    if not verify_password(user.password_hash, current_password or ""):
        throttling.record_failure(user.email, address)
        raise OperationError(_("The current password is wrong."), "current_password")
    row = sessions.current()
    set_password(user, new_password)
    if row is not None and row.user_id == user.id:
        sessions.renew(row, "password_changed")


def reset_second_factor(user: User, *, by: User | None, reason: str | None) -> None:
    """An admin resets someone's lost authenticator: they set up a new one at sign-in.

    ``by`` is None from the command line, the way back in for the last admin.
    """
    if by is not None and user.id == by.id:
        raise OperationError(
            _("Set up a new authenticator for yourself on the Your account page."))
    if not user.has_second_factor:
        raise OperationError(_("%(email)s has no authenticator to reset.", email=user.email))
    second_factor.remove(user, reason=reason)
    sessions.end_all(user, "second_factor_reset")


def set_language(user: User, language: str) -> None:
    if language not in current_app.config["CONSOLE_LANGUAGES"]:
        raise OperationError(_("This language is not available."), "language")
    if user.language != language:
        before = {"language": user.language}
        user.language = language
        db.session.flush()
        audit.record("user.language_changed", "user", user.id, before=before,
                     after={"language": language})


def authenticate(email: str, password: str, address: str) -> User:
    """Return the user for these credentials, or raise one message for every failure.

    A throttled (account, address) is refused before the password is even checked, so
    a guess made while waiting teaches nothing (``throttling``).
    """
    email = (email or "").strip().lower()[:254]
    throttling.check(email, address)
    user = find_user_by_email(email) if email else None
    if not verify_password(user.password_hash if user else None, password or "") or not (
        user and user.active
    ):
        throttling.record_failure(email, address)
        raise OperationError(_("Invalid email or password."))
    throttling.clear(email, address)
    return user
