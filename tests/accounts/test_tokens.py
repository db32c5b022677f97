import re

from backoffice.accounts import tokens
from backoffice.accounts.models import ApiToken
from backoffice.audit.models import AuditEvent


def test_token_is_stored_hashed_and_shown_once(client, signed_in, db):
    user = signed_in("launch_manager")
    page = client.post("/profile/tokens", data={"name": "product CI"}).get_data(as_text=True)
    clear = re.search(r'id="new-token">(bo_[^<]+)<', page).group(1)
    row = db.query(ApiToken).filter_by(user_id=user.id).one()
    assert row.token_digest == tokens.digest(clear)
    assert clear not in row.token_digest and row.prefix == clear[:10]
    assert clear not in client.get("/profile").get_data(as_text=True)
    event = db.query(AuditEvent).filter_by(action="token.created").one()
    assert clear not in repr(event.after)


def test_revoked_token_no_longer_authenticates(db, make_user):
    user = make_user("launch_manager")
    token, clear = tokens.create_token(user, "ci")
    assert tokens.user_for_token(clear) is user
    assert token.last_used_at is not None
    tokens.revoke_token(user, token.id, reason="leaked")
    assert tokens.user_for_token(clear) is None


def test_others_cannot_revoke_my_token(db, make_user):
    import pytest

    from backoffice.core.errors import NotFoundError

    owner, other = make_user("launch_manager"), make_user("translator")
    token, _clear = tokens.create_token(owner, "ci")
    with pytest.raises(NotFoundError):
        tokens.revoke_token(other, token.id)
    assert token.active


def test_viewer_cannot_create_tokens(client, signed_in):
    signed_in("viewer")
    assert client.post("/profile/tokens", data={"name": "x"}).status_code == 403
    assert "API tokens" not in client.get("/profile").get_data(as_text=True)


def test_unknown_and_malformed_tokens(db):
    assert tokens.user_for_token("bo_nope") is None
    assert tokens.user_for_token("x" * 10_000) is None
    assert tokens.user_for_token("") is None


def test_token_of_disabled_user_is_refused(db, make_user):
    user = make_user("finance")
    _token, clear = tokens.create_token(user, "ci")
    user.active = False
    assert tokens.user_for_token(clear) is None
