from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.accounts.models import User
from backoffice.audit.models import AuditEvent
from tests.support.fixture_types import MakeUser, SignedIn


def test_admin_creates_a_translator(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    response = client.post(
        "/users/new",
        data={"email": "t@example.com", "role": "translator", "password": "long-enough-pass-1",
              "locales": "pl_PL, es_MX", "countries": "", "reason": "new hire"},
    )
    assert response.status_code == 302
    user = db.query(User).filter_by(email="t@example.com").one()
    assert user.locales == ["es_MX", "pl_PL"]
    event = db.query(AuditEvent).filter_by(action="user.created", object_id=str(user.id)).one()
    assert event.reason == "new hire"


def test_form_errors_are_shown_and_nothing_is_written(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    count = db.query(User).count()
    response = client.post(
        "/users/new",
        data={"email": "t@example.com", "role": "translator", "password": "long-enough-pass-1",
              "locales": "pl/../x"},
    )
    assert response.status_code == 200
    assert "is not a locale id" in response.get_data(as_text=True)
    assert db.query(User).count() == count


def test_unknown_role_in_form(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    response = client.post(
        "/users/new",
        data={"email": "t@example.com", "role": "boss", "password": "long-enough-pass-1"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.query(User).filter_by(email="t@example.com").count() == 0


def test_admin_edits_a_user(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser, db: Session) -> None:
    signed_in("admin")
    other = make_user("viewer")
    response = client.post(
        f"/users/{other.id}",
        data={"role": "finance", "locales": "", "countries": "", "active": "y"},
    )
    assert response.status_code == 302
    assert other.role == "finance"


def test_admin_cannot_lock_themself_out(client: FlaskClient, signed_in: SignedIn) -> None:
    admin = signed_in("admin")
    response = client.post(f"/users/{admin.id}", data={"role": "viewer", "active": "y"})
    assert "cannot disable yourself" in response.get_data(as_text=True)
    assert admin.role == "admin"


def test_disabling_a_user_ends_their_session(
        app: Flask, make_user: MakeUser, signed_in: SignedIn) -> None:
    from tests.conftest import sign_in

    victim = make_user("viewer")
    victim_client = app.test_client()
    sign_in(victim_client, victim)
    assert victim_client.get("/").status_code == 200
    admin_client = app.test_client()
    sign_in(admin_client, make_user("admin"))
    admin_client.post(f"/users/{victim.id}", data={"role": "viewer"})  # active unchecked
    assert victim_client.get("/").status_code == 302


def test_user_picks_french(client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("viewer")
    client.post("/language", data={"language": "fr", "next": "/"})
    assert user.language == "fr"
    assert "Tableau de bord" in client.get("/").get_data(as_text=True)


def test_accept_language_decides_before_sign_in(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Se connecter" in page.get_data(as_text=True)
    page = client.get("/login", headers={"Accept-Language": "de-DE"})
    assert "Sign in" in page.get_data(as_text=True)


def test_oversized_request_is_refused(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    response = client.post(
        "/users/new", data={"email": "x@example.com", "reason": "x" * (17 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_a_new_user_defaults_to_the_least_powerful_role(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("admin")
    page = client.get("/users/new").get_data(as_text=True)
    assert '<option selected value="viewer">' in page
    assert '<option selected value="admin">' not in page
    response = client.post("/users/new", data={"email": "quiet@example.com",
                                                "password": "long-enough-pass-1"})
    assert response.status_code == 302
    assert db.query(User).filter_by(email="quiet@example.com").one().role == "viewer"


def _current_nav(html: str) -> list[str]:
    import re

    nav = html[html.index('class="mainnav"'):html.index("</nav>")]
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', nav)


def test_your_account_highlights_no_navigation_entry(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    assert _current_nav(client.get("/profile").get_data(as_text=True)) == []
    assert _current_nav(client.get("/users/").get_data(as_text=True)) == ["Users"]
    assert _current_nav(client.get("/users/new").get_data(as_text=True)) == ["Users"]
    assert _current_nav(client.get("/").get_data(as_text=True)) == ["Dashboard"]
