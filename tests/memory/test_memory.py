"""The memory is fed by published translations and finds them again, exact or fuzzy."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message
from backoffice.memory import feed, lookup, text
from backoffice.memory.models import MemoryToken, MemoryUnit
from tests.support.fixture_types import CatalogOf, MakeUser


def _message(db: Session, catalog: Catalog, msgid: str) -> Message | None:
    return db.scalar(select(Message).where(Message.catalog_id == catalog.id,
                                           Message.msgid == msgid))


def test_import_feeds_published_translations_only(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver une place"), ("Cancel", "Annuler"),
                         ("Empty one", "")], fuzzy=("Cancel",))
    units = db.scalars(select(MemoryUnit).where(MemoryUnit.language == "fr")).all()
    assert [(u.source, u.target, u.locale_code) for u in units] == [
        ("Book a seat", "Réserver une place", "fr_FR")]
    assert db.scalar(select(func.count()).select_from(MemoryToken)) == len(
        text.tokens("Book a seat"))


def test_exact_and_fuzzy_across_variants_and_domains(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat for your ride", "Réservez une place pour votre trajet")])
    catalog_of("fr_BE", [("Book a seat for the ride", "Réservez une place pour le trajet")],
               domain="web")
    catalog_of("pl_PL", [("Book a seat for your ride", "Zarezerwuj miejsce")])
    matches = lookup.lookup("fr", "Book a seat for your ride")
    assert [(m.locale, m.domain, m.exact) for m in matches] == [
        ("fr_FR", "app", True), ("fr_BE", "web", False)]
    assert matches[0].score == 1.0
    assert 0.6 <= matches[1].score < 1.0
    # Normalised: case and white space do not matter for an exact match.
    assert lookup.lookup("fr", "book a  SEAT for your ride")[0].exact


def test_unrelated_text_has_no_match(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Payment methods", "Moyens de paiement")])
    assert lookup.lookup("fr", "Driver licence expired yesterday") == []


def test_saving_and_unpublishing_follow_the_message(
        db: Session, catalog_of: CatalogOf, make_user: MakeUser) -> None:
    catalog = catalog_of("fr_FR", [("Book a seat", ""), ("Cancel", "Annuler")])
    user = make_user("admin")
    message = _message(db, catalog, "Book a seat")
    catalogs.save_translation(message, ["Réserver"], version=message.version, actor=user)
    assert [m.target for m in lookup.lookup("fr", "Book a seat")] == ["Réserver"]
    catalogs.save_translation(message, ["Réserver une place"], version=message.version,
                              actor=user)
    assert [m.target for m in lookup.lookup("fr", "Book a seat")] == ["Réserver une place"]
    catalogs.save_translation(message, [""], version=message.version, actor=user)
    assert lookup.lookup("fr", "Book a seat") == []
    assert db.scalar(select(func.count()).select_from(MemoryToken).join(
        MemoryUnit, MemoryUnit.id == MemoryToken.unit_id).where(
        MemoryUnit.source == "Book a seat")) == 0


def test_a_reverted_import_leaves_the_memory(
        db: Session, catalog_of: CatalogOf, make_user: MakeUser) -> None:
    catalog = catalog_of("fr_FR", [("Book a seat", ""), ("Cancel", "")])
    user = make_user("admin")
    from tests.memory.conftest import po

    result = catalogs.import_file("app", "fr_FR", po([("Book a seat", "Réserver")]),
                                  mode="fill", actor=user)
    assert lookup.lookup("fr", "Book a seat")
    catalogs.revert_batch(result.batch, actor=user, reason="wrong file")
    assert lookup.lookup("fr", "Book a seat") == []
    assert catalog.id


def test_the_message_itself_is_not_its_own_suggestion(db: Session, catalog_of: CatalogOf) -> None:
    catalog = catalog_of("fr_FR", [("Book a seat", "Réserver")])
    message = _message(db, catalog, "Book a seat")
    assert lookup.lookup("fr", "Book a seat", exclude_message=message.id) == []


def test_concordance_filters(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver une place"), ("Your ride", "Votre trajet")])
    catalog_of("fr_BE", [("Book now", "Réservez maintenant")], domain="web")

    def found(**kwargs: Any) -> list[str]:
        return sorted(u.source for u in lookup.concordance(lookup.Concordance(**kwargs)))

    assert found(query="book") == ["Book a seat", "Book now"]
    assert found(query="réserv", field="target") == ["Book a seat", "Book now"]
    assert found(query="réserv", field="source") == []
    assert found(query="book", locale="fr_BE") == ["Book now"]
    assert found(query="book", domain="app") == ["Book a seat"]
    assert found(query="trajet", language="fr_CA") == ["Your ride"]
    assert found(query="100%_") == []


def test_rebuild_is_idempotent(db: Session, catalog_of: CatalogOf) -> None:
    catalog_of("fr_FR", [("Book a seat", "Réserver")])
    before = db.scalar(select(func.count()).select_from(MemoryUnit))
    assert feed.rebuild() == 0
    assert db.scalar(select(func.count()).select_from(MemoryUnit)) == before


def test_language_of() -> None:
    assert [text.language_of(c) for c in ("fr_FR", "fr-BE", "sr_Latn_RS", "PT")] == [
        "fr", "fr", "sr", "pt"]


def test_a_large_change_is_fed_by_the_background_task(
        db: Session, catalog_of: CatalogOf, monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice.memory import tasks
    from backoffice.tasks.queue import PENDING

    monkeypatch.setattr(feed, "SYNC_LIMIT", 1)
    catalog = catalog_of("fr_FR", [("Book a seat", "Réserver"), ("Cancel", "Annuler")])
    assert lookup.lookup("fr", "Book a seat") == []
    assert ("memory.feed_catalog", {"catalog_id": catalog.id}) in db.info[PENDING]
    assert tasks.feed_catalog(catalog.id) == 2
    assert [m.target for m in lookup.lookup("fr", "Book a seat")] == ["Réserver"]
    assert tasks.feed_catalog(catalog.id) == 0  # idempotent
