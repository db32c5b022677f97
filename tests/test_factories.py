"""The factories build what the application would: hashed passwords, scopes, states, counts."""

from sqlalchemy.orm import Session

from backoffice.accounts.passwords import verify_password
from backoffice.countries.state import state_of
from tests.factories import (
    TEST_PASSWORD,
    CatalogFactory,
    CountryFactory,
    CreatedCountryFactory,
    UserFactory,
)


def test_users_are_created_through_accounts(db: Session) -> None:
    translator = UserFactory(role="translator")
    manager = UserFactory(role="launch_manager", email="boss@example.com", countries=("FR",))
    assert translator.email != manager.email and manager.email == "boss@example.com"
    assert translator.locales == ["pl_PL"] and manager.countries == ["FR"]
    assert verify_password(translator.password_hash, TEST_PASSWORD)
    assert UserFactory().role == "admin"


def test_countries_are_seen_at_their_stage(db: Session) -> None:
    paid = CountryFactory(code="FR", stage="payments_live", currency="EUR",
                          timezone="Europe/Paris", locales=("fr_FR", "br_FR"))
    assert state_of(paid).public_stage == "payments_live"
    assert paid.locale_codes == ["fr_FR", "br_FR"]
    created = CreatedCountryFactory(stage="live")
    assert created.version >= 1 and state_of(created).public_stage == "live"


def test_catalogs_are_imported_with_their_counts(db: Session) -> None:
    catalog = CatalogFactory(locale="pl_PL", translated=2)
    assert (catalog.total_count, catalog.translated_count) == (3, 2)
    assert CatalogFactory(locale="fr_FR", messages=5).translated_count == 5
