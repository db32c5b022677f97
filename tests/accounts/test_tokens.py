"""API tokens: stored hashed, shown once after a redirect, revocable, expiring, scoped."""

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.accounts.models import ApiToken
from backoffice.api.auth import acting_user
from backoffice.audit.models import AuditEvent
from backoffice.core.db import utcnow
from backoffice.core.errors import NotFoundError, OperationError
from backoffice.core.permissions import Permission
from tests.support.fixture_types import MakeUser, SignedIn


def _token_from(page: str) -> str:
    return re.search(r'id="new-token">(bo_[^<]+)<', page).group(1)


def test_token_is_stored_hashed_and_shown_once_after_a_redirect(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("launch_manager")
    response = client.post("/profile/tokens", data={"name": "product CI", "days": "90",
                                                    "scope": "all"})
    # Redirect after POST: a refresh of the page shows it again, it does not re-create.
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    clear = _token_from(client.get("/profile").get_data(as_text=True))
    row = db.query(ApiToken).filter_by(user_id=user.id).one()
    assert row.token_digest == tokens.digest(clear)
    assert clear not in row.token_digest and row.prefix == clear[:10]
    assert clear not in client.get("/profile").get_data(as_text=True)  # forgotten
    # Nor is it readable in the cookie while it waits for the page.
    assert clear not in response.headers.get("Set-Cookie", "")
    event = db.query(AuditEvent).filter_by(action="token.created").one()
    assert clear not in repr(event.after)
    assert db.query(ApiToken).count() == 1


def test_token_form_error_redirects_and_creates_nothing(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    response = client.post("/profile/tokens", data={"name": "", "days": "90"})
    assert response.headers["Location"] == "/profile"
    assert "This field is required." in client.get("/profile").get_data(as_text=True)
    assert db.query(ApiToken).count() == 0


def test_token_expires_after_the_chosen_days_default_90(db: Session, make_user: MakeUser) -> None:
    user = make_user("launch_manager")
    now = utcnow()
    default, _clear = tokens.create_token(user, "ci", now=now)
    assert default.expires_at - now == timedelta(days=90)
    week, _clear = tokens.create_token(user, "ci", days=7, now=now)
    assert week.expires_at - now == timedelta(days=7)
    for days in (0, 366, -1):
        with pytest.raises(OperationError):
            tokens.create_token(user, "ci", days=days)


def test_token_list_shows_scope_and_expiry(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("launch_manager")
    tokens.create_token(user, "catalog sync", scope="catalogs", days=30)
    old, _clear = tokens.create_token(user, "old", now=utcnow() - timedelta(days=100))
    page = client.get("/profile").get_data(as_text=True)
    listing = page[page.index('id="token-list"'):]
    assert "Catalogs only" in listing and "All of my rights" in listing
    assert f"expired {old.expires_at:%Y-%m-%d}" in listing
    assert f"{(utcnow() + timedelta(days=30)):%Y-%m-%d}" in listing


def test_revoked_token_no_longer_authenticates(db: Session, make_user: MakeUser) -> None:
    user = make_user("launch_manager")
    token, clear = tokens.create_token(user, "ci")
    assert tokens.token_for(clear).user is user
    assert token.last_used_at is not None
    tokens.revoke_token(user, token.id, reason="leaked")
    with pytest.raises(tokens.TokenRefused):
        tokens.token_for(clear)


def test_others_cannot_revoke_my_token(db: Session, make_user: MakeUser) -> None:
    owner, other = make_user("launch_manager"), make_user("translator")
    token, _clear = tokens.create_token(owner, "ci")
    with pytest.raises(NotFoundError):
        tokens.revoke_token(other, token.id)
    assert token.active


def test_viewer_cannot_create_tokens(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    assert client.post("/profile/tokens", data={"name": "x"}).status_code == 403
    assert "API tokens" not in client.get("/profile").get_data(as_text=True)


def test_unknown_and_malformed_tokens(db: Session) -> None:
    for clear in ("bo_nope", "x" * 10_000, "", "bo_" + "x" * 300):
        with pytest.raises(tokens.TokenRefused):
            tokens.token_for(clear)


def test_token_of_disabled_user_is_refused(db: Session, make_user: MakeUser) -> None:
    user = make_user("finance")
    _token, clear = tokens.create_token(user, "ci")
    user.active = False
    with pytest.raises(tokens.TokenRefused):
        tokens.token_for(clear)


def test_expired_token_gets_401_saying_it_expired(
        client: FlaskClient, db: Session, make_user: MakeUser) -> None:
    user = make_user("launch_manager")
    _token, clear = tokens.create_token(user, "ci", days=1, now=utcnow() - timedelta(days=2))
    response = client.get("/api/v1/admin/audit-events",
                          headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 401
    assert "expired" in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("scope", "allowed", "refused"),
    [
        ("read", Permission.AUDIT_READ, Permission.CATALOGS_MANAGE),
        ("catalogs", Permission.CATALOGS_MANAGE, Permission.COUNTRIES_WRITE),
        ("launch", Permission.LAUNCH_TRANSITION, Permission.CATALOGS_READ),
        ("all", Permission.CATALOGS_MANAGE, Permission.USERS_WRITE),  # the role still rules
    ],
)
def test_scope_narrows_the_users_permissions(db: Session, make_user: MakeUser, scope: str,
        allowed: Permission, refused: Permission) -> None:
    user = make_user("launch_manager")
    token, clear = tokens.create_token(user, "ci", scope=scope)
    acting = acting_user(tokens.token_for(clear))
    assert acting.can(allowed)
    assert not acting.can(refused)


def test_scope_never_widens_the_role(db: Session, make_user: MakeUser) -> None:
    user = make_user("translator")
    token, clear = tokens.create_token(user, "ci", scope="launch")
    acting = acting_user(tokens.token_for(clear))
    assert not acting.can(Permission.LAUNCH_TRANSITION)


def test_read_only_token_is_refused_a_write_over_http(
        client: FlaskClient, db: Session, make_user: MakeUser) -> None:
    user = make_user("launch_manager")
    _token, reader = tokens.create_token(user, "dashboards", scope="read")
    headers = {"Authorization": f"Bearer {reader}"}
    assert client.get("/api/v1/admin/audit-events", headers=headers).status_code == 200
    response = client.post("/api/v1/admin/catalogs/app/template", headers=headers,
                           data=b'msgid ""\nmsgstr ""\n')
    assert response.status_code == 403
    assert "scope (read)" in response.get_json()["error"]


def test_unknown_scope_is_refused(db: Session, make_user: MakeUser) -> None:
    with pytest.raises(OperationError):
        tokens.create_token(make_user("launch_manager"), "ci", scope="everything")
