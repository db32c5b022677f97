"""After a kill the payment pages tell what happened: history, request outcomes, gates."""

from __future__ import annotations

import html

from flask.testing import FlaskClient

from backoffice.countries.models import Country
from backoffice.payments import changes, history
from backoffice.payments.models import PaymentChangeRequest
from tests.payments.test_changes import switch_to
from tests.support.fixture_types import MakeCountry, MakeUser

DECIDE = {"note": "Gates pass", "confirm": "y"}


def _page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _switched_on_then_killed(ready_country: MakeCountry, make_user: MakeUser
                             ) -> tuple[Country, PaymentChangeRequest]:
    country = ready_country("ES", currency="EUR", timezone="Europe/Madrid")
    rita = make_user("finance", email="rita@example.com")
    alan = make_user("finance", email="alan@example.com")
    change = changes.request_payments_on(country, rita, reason="Cards ready")
    changes.approve_change(change, alan, note="Checked the gates")
    changes.kill_payments(country, alan, reason="Fraud spike")
    return country, change


def test_history_tells_who_asked_approved_switched_on_and_killed(
        ready_country: MakeCountry, make_user: MakeUser) -> None:
    country, change = _switched_on_then_killed(ready_country, make_user)
    events = history.events(country)
    kinds = [e.kind for e in events]
    assert kinds[0] == "killed" and {"requested", "approved", "on"} <= set(kinds)
    killed = events[0]
    assert killed.who == "alan@example.com" and killed.why == "Fraud spike"
    requested = next(e for e in events if e.kind == "requested")
    assert requested.who == "rita@example.com" and requested.why == "Cards ready"
    assert requested.request_id == change.id
    assert history.outcome(change) == "killed"


def test_pending_request_cancelled_by_a_kill_says_so(
        ready_country: MakeCountry, make_user: MakeUser) -> None:
    country = ready_country("FR")
    asker, other = make_user("finance"), make_user("finance")
    pending = changes.request_payments_on(country, asker, reason="go")
    assert history.outcome(pending) == "pending"
    changes.kill_payments(country, other, reason="not now")
    assert history.outcomes([pending]) == {pending.id: "killed_before"}
    assert history.outcome_label("killed_before") == "cancelled by the kill switch"
    latest = history.events(country)[0]
    assert latest.kind == "kill_cancelled" and latest.why == "not now"


def test_an_approved_request_reads_on_until_a_kill(
        ready_country: MakeCountry, make_user: MakeUser) -> None:
    country = ready_country("FR")
    change = changes.request_payments_on(country, make_user("finance"), reason="go")
    changes.approve_change(change, make_user("finance"), note="ok")
    assert history.outcome(change) == "on"
    changes.kill_payments(country, make_user("finance"), reason="stop")
    assert history.outcome(change) == "killed"


def test_payments_page_after_a_kill(
        client: FlaskClient, ready_country: MakeCountry, make_user: MakeUser) -> None:
    country, change = _switched_on_then_killed(ready_country, make_user)
    switch_to(client, make_user("finance"))
    page = _page(client, "/payments/countries/ES")
    assert "Payment history" in page and "Fraud spike" in page and "Cards ready" in page
    assert "Checked the gates" in page
    assert 'data-outcome="killed"' in page and "on, then killed" in page
    assert "Nobody has requested" not in page
    assert "turned off with the kill switch by alan@example.com" in page
    assert ">live<" not in page and ">payments_live<" not in page  # stage labels, not ids


def test_a_rejected_request_is_what_the_gate_reports(
        client: FlaskClient, ready_country: MakeCountry, make_user: MakeUser) -> None:
    country = ready_country("FR")
    rita, alan = make_user("finance", email="rita@example.com"), make_user("finance")
    change = changes.request_payments_on(country, rita, reason="go")
    changes.reject_change(change, alan, note="Too early")
    switch_to(client, make_user("finance"))
    page = _page(client, "/payments/countries/FR")
    assert "Nobody has requested" not in page
    assert f"Request #{change.id} of rita@example.com was rejected" in page
    assert "Too early" in page


def test_the_approvers_list_shows_what_would_be_switched_on(
        client: FlaskClient, ready_country: MakeCountry, make_user: MakeUser) -> None:
    country = ready_country("FR")
    change = changes.request_payments_on(country, make_user("launch_manager"), reason="go")
    switch_to(client, make_user("finance"))
    page = _page(client, "/payments/changes")
    assert "scheme, sepadirectdebit, paypal" in page
    assert "CarpoolDemo (CarpoolDemo, EUR)" in page
    assert "6 of 6 pass" in page
    assert 'name="confirm"' in page and "Why approve?" in page
    # No reason or no confirmation: nothing is decided.
    for data in ({"confirm": "y"}, {"note": "fine"}):
        response = client.post(f"/payments/changes/{change.id}/approve", data=data)
        assert response.status_code == 400
        assert changes.get_change(change.id).status == "pending"
    response = client.post(f"/payments/changes/{change.id}/approve", data=DECIDE)
    assert response.status_code == 302
    assert changes.get_change(change.id).decision_note == "Gates pass"


def test_request_form_has_one_local_date_time_field_and_needs_a_reason(
    client: FlaskClient, ready_country: MakeCountry, make_user: MakeUser
) -> None:
    ready_country("FR")
    switch_to(client, make_user("finance"))
    page = _page(client, "/payments/countries/FR")
    assert 'type="datetime-local"' in page and 'name="effective_at"' in page
    assert 'name="effective_date"' not in page
    response = client.post("/payments/countries/FR/request", data={"reason": ""})
    assert response.status_code == 400
    assert "Say why online payment should be switched on." in response.get_data(as_text=True)
    response = client.post("/payments/countries/FR/request",
                           data={"effective_at": "2999-06-01T09:30", "reason": "Summer"})
    assert response.status_code == 302
    assert changes.list_changes("FR")[0].effective_local.startswith("2999-06-01 09:30")
