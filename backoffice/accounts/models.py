from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.core.db import Base, utcnow
from backoffice.core.permissions import (
    LOCALE_SCOPED_ROLES,
    Permission,
    Role,
    Target,
    role_has,
)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The second factor (TOTP, RFC 6238): the shared secret, encrypted at rest, and the
    # last time step accepted, so that a code seen once cannot be played again.
    totp_secret_enc: Mapped[str | None] = mapped_column(String(255))
    totp_enrolled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    locale_scopes: Mapped[list[UserLocaleScope]] = relationship(
        cascade="all, delete-orphan", order_by="UserLocaleScope.locale", lazy="selectin"
    )
    country_scopes: Mapped[list[UserCountryScope]] = relationship(
        cascade="all, delete-orphan", order_by="UserCountryScope.country_code", lazy="selectin"
    )

    # Set only on the acting user of a request authenticated by an API token
    # (``backoffice.api.auth``): the token's scope, which narrows what the role allows.
    if TYPE_CHECKING:
        token_permissions: frozenset[Permission] | None
    else:  # a plain attribute: annotated, the mapper would take it for a column
        token_permissions = None

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    def get_id(self) -> str:
        # Which browser session is signed in is kept server-side (``UserSession``).
        return str(self.id)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret_enc is not None

    @property
    def locales(self) -> list[str]:
        return sorted(scope.locale for scope in self.locale_scopes)

    @property
    def countries(self) -> list[str]:
        return sorted(scope.country_code for scope in self.country_scopes)

    def can(self, permission: Permission) -> bool:
        """What the role grants, narrowed by the scope of the API token acting, if any."""
        if self.token_permissions is not None and permission not in self.token_permissions:
            return False
        return self.active and role_has(self.role, permission)

    def can_work_on_locale(self, locale: str) -> bool:
        """Translators and reviewers work only on their assigned locales."""
        if self.role in LOCALE_SCOPED_ROLES:
            return locale in self.locales
        return True

    def can_manage_country(self, country_code: str) -> bool:
        """Launch managers with a country scope manage only those countries."""
        if self.role == Role.LAUNCH_MANAGER and self.countries:
            return country_code in self.countries
        return True

    def may(self, target: Target, *, write: bool) -> bool:
        """Whether this person's scope covers ``target``: the rule every route's declared
        scope is checked against (``core.permissions.authorize``).

        Everyone may read every country; a launch manager limited to some countries
        changes only those. Translators and reviewers change only their locales, and read
        those and the locales they inherit from. A launch manager limited to some
        countries changes a locale only when every country its text reaches is theirs.
        """
        if target.kind == "country":
            return not write or self.can_manage_country(target.code)
        if self.role in LOCALE_SCOPED_ROLES:
            mine = set(self.locales)
            return target.code in mine or (not write and bool(target.descendants & mine))
        if self.role == Role.LAUNCH_MANAGER and self.countries and write:
            return bool(target.countries) and target.countries <= set(self.countries)
        return True

    def snapshot(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "role": self.role,
            "active": self.active,
            "language": self.language,
            "locales": self.locales,
            "countries": self.countries,
            "second_factor": self.has_second_factor,
        }


class UserLocaleScope(Base):
    __tablename__ = "user_locale_scopes"
    __table_args__ = (UniqueConstraint("user_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(16))


class UserCountryScope(Base):
    __tablename__ = "user_country_scopes"
    __table_args__ = (UniqueConstraint("user_id", "country_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    country_code: Mapped[str] = mapped_column(String(2))


class UserSession(Base):
    """One browser's sign-in, kept server-side so that it can be ended.

    The browser's cookie holds a random id; only its SHA-256 digest is stored. Signing
    out, a password change (for the other sessions), disabling the account or resetting
    its second factor end sessions here, and an ended session's cookie opens nothing,
    whoever replays it. The second step of sign-in and the last re-confirmation are kept
    with the session too, so they end with it.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    address: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200))
    # When the second factor was given in this session (None: not yet, or not needed).
    factor_at: Mapped[datetime | None]
    # When the person last proved it is them (sign-in, then each re-confirmation).
    confirmed_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship(lazy="joined")


class RecoveryCode(Base):
    """A one-time code that stands in for the authenticator; only its digest is stored.

    Codes are 80 random bits, so a fast hash is enough, as for API tokens.
    """

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """Failed sign-ins, kept in the database so every app server sees the same counts."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ApiToken(Base):
    """A bearer token for automation; acts with its user's role and scopes.

    Only a SHA-256 digest is stored: tokens are 256-bit random values, so a fast hash is
    enough, and the clear token is shown once, at creation.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # A ``TokenScope`` value: what of the user's rights the token may use.
    scope: Mapped[str] = mapped_column(String(16), default="all")
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at
