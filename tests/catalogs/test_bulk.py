"""Bulk work: review, reject with a comment, search-and-replace previewed then applied,
copy from the parent; each one batch, audited, reverted as a whole, within scopes."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.catalogs import bulk, operations
from backoffice.catalogs.models import Catalog
from backoffice.catalogs.operations import MessageFilter
from backoffice.comments import operations as comments
from backoffice.core.errors import ConflictError, ForbiddenError, OperationError
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser, SignedIn


def _states(catalog: Catalog) -> dict[str, str]:
    return {m: message(catalog, m).state for m in
            ("Search rides", "Hello %(name)s, open <b>your rides</b>", "Book", "Pay")}


def test_bulk_review_is_one_audited_batch_that_reverts(db: Session, make_user: MakeUser) -> None:
    reviewer = make_user("reviewer", locales=("fr_FR",))
    parent, _ = french()
    record = bulk.apply(parent, "review", MessageFilter(state="translated"), actor=reviewer)
    assert record.changed_count == 3 and parent.reviewed_count == 3
    assert _states(parent)["Book"] == "reviewed" and _states(parent)["Pay"] == "untranslated"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "catalog.bulk_review"))
    assert event is not None and event.after["changed"] == 3
    assert bulk.revert(record, actor=reviewer, reason="too fast") == 3
    assert _states(parent)["Book"] == "translated" and parent.reviewed_count == 0


def test_a_translator_cannot_undo_a_reviewers_bulk_review(db: Session, make_user: MakeUser) -> None:
    reviewer = make_user("reviewer", locales=("fr_FR",))
    translator = make_user("translator", locales=("fr_FR",))
    parent, _ = french()
    record = bulk.apply(parent, "review", MessageFilter(state="translated"), actor=reviewer)
    with pytest.raises(ForbiddenError):
        bulk.revert(record, actor=translator, reason="I prefer mine")
    assert _states(parent)["Book"] == "reviewed" and parent.reviewed_count == 3
    assert bulk.revert(record, actor=reviewer, reason="too fast") == 3


def test_reject_needs_a_comment_and_puts_it_in_each_thread(
        db: Session, make_user: MakeUser) -> None:
    reviewer = make_user("reviewer", locales=("fr_FR",))
    parent, _ = french()
    with pytest.raises(OperationError):
        bulk.apply(parent, "reject", MessageFilter(query="rides"), actor=reviewer)
    record = bulk.apply(parent, "reject", MessageFilter(query="rides"), actor=reviewer,
                        comment="Use « trajet » consistently")
    assert record.changed_count == 2
    search = message(parent, "Search rides")
    assert search.state == "draft" and search.translations == ["Rechercher un trajet"]
    assert "fuzzy" in search.flags
    thread = comments.open_thread(search)
    assert thread is not None and thread.comments[0].body == "Use « trajet » consistently"
    assert parent.draft_count == 2


def test_replace_previews_then_applies_and_checks_each_result(
        db: Session, make_user: MakeUser) -> None:
    translator = make_user("translator", locales=("fr_FR",))
    parent, _ = french()
    preview = bulk.plan(parent, "replace", MessageFilter(), find="trajet", replace="voyage")
    assert [(c.before, c.after) for c in preview.changes] == [
        (["Rechercher un trajet"], ["Rechercher un voyage"]),
        (["Bonjour %(name)s, ouvrez <b>vos trajets</b>"],
         ["Bonjour %(name)s, ouvrez <b>vos voyages</b>"])]
    assert message(parent, "Search rides").translations == ["Rechercher un trajet"]  # untouched
    # A replacement that breaks a placeholder keeps that message a draft with findings.
    broken = bulk.plan(parent, "replace", MessageFilter(), find="%(name)s", replace="%(nom)s")
    assert broken.changes[0].state.value == "draft"
    record = bulk.apply(parent, "replace", MessageFilter(), actor=translator, find="trajet",
                        replace="voyage", expected=preview.digest)
    assert record.changed_count == 2
    assert message(parent, "Search rides").translations == ["Rechercher un voyage"]
    # A preview made before someone edited is refused.
    stale = bulk.plan(parent, "replace", MessageFilter(), find="voyage", replace="trajet")
    book = message(parent, "Search rides")
    operations.save_translation(book, ["Chercher un voyage"], version=book.version)
    with pytest.raises(ConflictError):
        bulk.apply(parent, "replace", MessageFilter(), actor=translator, find="voyage",
                   replace="trajet", expected=stale.digest)
    # The edited message blocks reverting the batch as a whole: nothing moves.
    with pytest.raises(ConflictError):
        bulk.revert(record, actor=translator, reason="undo")


def test_copy_from_parent_gives_the_variant_its_own_text(db: Session, make_user: MakeUser) -> None:
    translator = make_user("translator", locales=("fr_BE",))
    _, child = french()
    assert child.inherited_count == 2
    record = bulk.apply(child, "copy_parent", MessageFilter(), actor=translator)
    assert record.changed_count == 2
    assert message(child, "Search rides").translations == ["Rechercher un trajet"]
    assert child.inherited_count == 0 and child.translated_count == 3
    bulk.revert(record, actor=translator, reason="keep inheriting")
    assert child.inherited_count == 2 and message(child, "Search rides").state == "untranslated"


def test_bulk_pages_respect_scopes(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_BE",))
    french()
    assert client.get("/catalogs/app/fr_BE/bulk").status_code == 200
    # The parent is readable, not changeable; review needs a reviewer.
    assert client.post("/catalogs/app/fr_FR/bulk/replace",
                       data={"find": "trajet", "replace": "voyage"}).status_code == 403
    assert client.post("/catalogs/app/fr_BE/bulk/review").status_code == 403
    html = client.get("/catalogs/app/fr_BE/bulk?find=trajet&replace=voyage").get_data(
        as_text=True)
    assert "Preview: 0 messages would change" in html  # fr_BE has no own "trajet"
    response = client.post("/catalogs/app/fr_BE/bulk/copy-parent", data={})
    assert response.status_code == 302
    html = client.get("/catalogs/app/fr_BE/bulk").get_data(as_text=True)
    assert "copy parent" in html and 'data-operation="' in html


def test_replace_through_the_console_applies_what_was_previewed(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_FR",))
    parent, _ = french()
    html = client.get("/catalogs/app/fr_FR/bulk?find=trajet&replace=voyage").get_data(
        as_text=True)
    assert html.count('data-preview="') == 2 and "Rechercher un voyage" in html
    digest = html.split('name="digest" value="')[1].split('"')[0]
    response = client.post("/catalogs/app/fr_FR/bulk/replace",
                           data={"find": "trajet", "replace": "voyage", "digest": digest})
    assert response.status_code == 302
    assert message(parent, "Search rides").translations == ["Rechercher un voyage"]
    again = client.post("/catalogs/app/fr_FR/bulk/replace",
                        data={"find": "voyage", "replace": "x", "digest": "stale"})
    assert again.status_code == 409
    assert message(parent, "Search rides").translations == ["Rechercher un voyage"]
