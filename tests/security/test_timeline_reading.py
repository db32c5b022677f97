"""A country's timeline shows each reader only what their permissions let them read.

Closes the disclosure of payment and audit events (who, before and after) to viewers,
translators and reviewers through a country's Timeline tab.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.audit import operations as audit
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn


@pytest.fixture
def history(db: Session, make_country: MakeCountry, make_user: MakeUser) -> None:
    make_country("PL")
    finance = make_user("finance", email="fin@example.com")
    audit.record("payments.change_requested", "payment_change", 1, after={"target": "on"},
                 reason="secret plan", country_code="PL", actor=finance)
    audit.record("country.updated", "country", "PL", before={"notes": "old"},
                 after={"notes": "new"}, reason="notes tidied", country_code="PL",
                 actor=finance)
    db.flush()


@pytest.mark.parametrize("role", ["viewer", "translator", "reviewer"])
def test_readers_without_audit_or_payments_see_what_happened_only(
        client: FlaskClient, signed_in: SignedIn, history: None, role: str) -> None:
    signed_in(role)
    page = client.get("/countries/PL/timeline").get_data(as_text=True)
    assert "country.updated" in page
    assert "payments.change_requested" not in page and "secret plan" not in page
    assert "fin@example.com" not in page and "notes tidied" not in page
    assert client.get("/countries/PL/timeline?kind=payment").get_data(
        as_text=True).count("payments.") == 0


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_readers_with_audit_and_payments_see_everything(
        client: FlaskClient, signed_in: SignedIn, history: None, role: str) -> None:
    signed_in(role)
    page = client.get("/countries/PL/timeline").get_data(as_text=True)
    assert "payments.change_requested" in page and "secret plan" in page
    assert "fin@example.com" in page and "notes tidied" in page
