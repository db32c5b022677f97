"""Word counts and weekly activity of a catalog."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.catalogs import bulk, operations, stats
from backoffice.catalogs.operations import MessageFilter
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser, SignedIn


def test_words_leave_out_placeholders_and_tags() -> None:
    assert stats.words("Hello %(name)s, open <b>your rides</b>") == 4
    assert stats.words("{count} seats left") == 2
    assert stats.words("It's a driver’s seat") == 4


def test_coverage_in_messages_and_source_words(db: Session) -> None:
    _, child = french()
    coverage = stats.word_coverage(child)
    # Search rides (2, inherited), Hello... (4, inherited), Book (1, own), Pay (1, left).
    assert (coverage.messages, coverage.messages_done, coverage.messages_inherited) == (4, 1, 2)
    assert (coverage.words, coverage.words_done, coverage.words_inherited) == (8, 1, 6)
    assert coverage.words_left == 1 and coverage.share_words == 7 / 8
    assert coverage.share_messages == child.coverage  # the gates' figure, unchanged


def test_weekly_activity_per_person(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser) -> None:
    tina = make_user("reviewer", email="tina@example.com", locales=("fr_FR",))
    parent, _ = french()
    pay = message(parent, "Pay")
    operations.save_translation(pay, ["Payer"], version=pay.version, actor=tina)
    bulk.apply(parent, "review", MessageFilter(state="translated"), actor=tina)
    weeks, people = stats.weekly_activity(parent)
    assert len(weeks) == stats.WEEKS and people[0].email == "tina@example.com"
    assert people[0].weeks[weeks[0]] == {"translations": 1, "reviews": 4}
    signed_in("launch_manager")
    html = client.get("/catalogs/app/fr_FR/figures").get_data(as_text=True)
    assert 'data-person="tina@example.com"' in html and "1 translated, 4 reviewed" in html
    assert 'data-unit="words"' in html
