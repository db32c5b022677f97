"""Country operations: CLDR defaults, validation, versions, restore, stages, locales."""

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.core.errors import ConflictError, NotFoundError, OperationError
from backoffice.countries import cldr, validation
from backoffice.countries import operations as ops
from backoffice.countries.listing import TableQuery, country_rows
from backoffice.countries.models import Country, CountryVersion, Locale
from backoffice.countries.snapshots import diff, versions
from backoffice.countries.validation import LocaleSpec
from tests.countries.conftest import config
from tests.support.fixture_types import MakeCountry, MakeUser
from tests.support.state import shown_stage


def count(db: Session, model: type[Base]) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_cldr_defaults_for_switzerland(app: Flask) -> None:
    defaults = cldr.cldr_defaults("CH")
    codes = [spec.code for spec in defaults.locales]
    assert {"de_CH", "fr_CH", "it_CH"} <= set(codes)
    assert codes[0] == "de_CH"
    parents = {spec.code: spec.parent for spec in defaults.locales}
    assert parents["de_CH"] == "de_DE" and parents["fr_CH"] == "fr_FR"
    assert defaults.currency == "CHF"
    assert defaults.timezone == "Europe/Zurich"
    categories = [row[0] for row in defaults.plural_forms["fr_CH"]]
    assert categories[0] == "one" and categories[-1] == "other"


def test_cldr_defaults_ask_to_pick_when_there_are_several(app: Flask) -> None:
    panama = cldr.cldr_defaults("PA")
    assert panama.currencies == ["PAB", "USD"]
    assert panama.currency == ""
    us = cldr.cldr_defaults("US")
    assert [spec.code for spec in us.locales] == ["en_US"]
    assert us.currency == "USD"
    assert len(us.timezones) > 5 and us.timezone == ""
    assert "America/New_York" in us.timezones


def test_plural_rows_label_categories_with_samples(app: Flask) -> None:
    rows = {category: samples for category, _rule, samples in cldr.plural_rows("pl_PL")}
    assert rows["one"] == "1"
    assert rows["few"].startswith("2, 3, 4, 22")
    assert rows["many"].startswith("0, 5")


@pytest.mark.parametrize("value", ["fr", "Fr", " F", "FRA", "XX", "", "1A"])
def test_bad_country_codes_are_refused(app: Flask, value: str) -> None:
    with pytest.raises(OperationError) as error:
        cldr.cldr_defaults(value)
    assert error.value.field == "code"


@pytest.mark.parametrize(("locale", "parent"), [
    ("fr_BE", "fr_FR"), ("es_MX", "es_ES"), ("de_CH", "de_DE"), ("nl_BE", "nl_NL"),
    ("fr_FR", None), ("hi_IN", None), ("pt_BR", None),
])
def test_suggested_parents(app: Flask, locale: str, parent: str | None) -> None:
    assert cldr.suggest_parent(locale) == parent


def test_create_country_with_locales_version_and_audit(
        db: Session, make_user: MakeUser, make_country: MakeCountry) -> None:
    owner = make_user("launch_manager", email="owner@example.com")
    country = make_country(owner="owner@example.com", notes="first")
    assert country.locale_codes == ["fr_BE", "nl_BE"]
    assert country.default_locale == "fr_BE"
    assert country.owner == owner
    assert db.get(Locale, "fr_BE").parent_code == "fr_FR"
    assert db.get(Locale, "fr_FR").parent_code is None  # parents exist as rows of their own
    history = versions(country)
    assert [v.number for v in history] == [1]
    assert history[0].snapshot["locales"] == [
        {"code": "fr_BE", "parent": "fr_FR"}, {"code": "nl_BE", "parent": "nl_NL"}]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "country.created"))
    assert event.object_id == "BE" and event.country_code == "BE"
    assert event.after["currency"] == "EUR"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"locales": []}, "locales", "at least one locale"),
    ({"locales": [LocaleSpec("fr_BE"), LocaleSpec("zz_ZZ@nope")]}, "locales[1]",
     '"zz_ZZ@nope": unknown modifier @nope'),
    ({"locales": [LocaleSpec("fr_be")]}, "locales[0]", 'use "fr_BE"'),
    ({"locales": [LocaleSpec("fr_BE"), LocaleSpec("fr_BE")]}, "locales[1]", "twice"),
    ({"locales": [LocaleSpec("fr_BE", "fr_BE")]}, "locales[0].parent", "its own parent"),
    ({"locales": [LocaleSpec("fr_BE", "fr_CA"), LocaleSpec("fr_CA", "fr_BE")]},
     "locales[0].parent", "Parent cycle: fr_BE -> fr_CA -> fr_BE"),
    ({"currency": "EUX"}, "currency", '"EUX" is not a currency code'),
    ({"currency": ""}, "currency", "A currency is required"),
    ({"timezone": "Europe/Nowhere"}, "timezone", "not a time zone"),
    ({"max_seats_per_ride": 0}, "max_seats_per_ride", "from 1 to 8"),
    ({"max_seats_per_ride": 9}, "max_seats_per_ride", "from 1 to 8"),
    ({"max_seats_per_ride": "abc"}, "max_seats_per_ride", "from 1 to 8"),
    ({"owner_email": "nobody@example.com"}, "owner", "No active user"),
])
def test_bad_configuration_is_refused_and_nothing_is_written(
        db: Session, changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(OperationError) as error:
        ops.create_country("BE", config(**changes))
    assert error.value.field == field
    assert message in error.value.message
    assert count(db, Country) == 0
    assert count(db, Locale) == 0
    assert count(db, AuditEvent) == 0


def test_duplicate_country_is_refused(db: Session, make_country: MakeCountry) -> None:
    make_country()
    with pytest.raises(OperationError, match="BE already exists") as error:
        ops.create_country("BE", config())
    assert error.value.field == "code"


def test_update_creates_a_version_and_an_audit_event(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country()
    changed = ops.update_country(
        country, config(max_seats_per_ride="3", locales=[LocaleSpec("nl_BE", "nl_NL")]),
        expected_version=1, reason="shorter rides",
    )
    assert changed and country.version == 2
    assert country.locale_codes == ["nl_BE"]
    assert country.max_seats_per_ride == 3
    latest = versions(country)[0]
    assert (latest.number, latest.reason) == (2, "shorter rides")
    changes = {c.field: (c.before, c.after) for c in diff(versions(country)[1].snapshot,
                                                               latest.snapshot)}
    assert changes["max_seats_per_ride"] == (4, 3)
    assert set(changes) == {"max_seats_per_ride", "locales"}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "country.updated"))
    assert event.before["max_seats_per_ride"] == 4 and event.after["max_seats_per_ride"] == 3
    assert event.reason == "shorter rides"


def test_saving_the_same_values_creates_no_version(db: Session, make_country: MakeCountry) -> None:
    country = make_country()
    assert ops.update_country(country, config(), expected_version=1) is False
    assert country.version == 1
    assert count(db, CountryVersion) == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country()
    ops.update_country(country, config(notes="theirs"), expected_version=1)
    with pytest.raises(ConflictError) as error:
        ops.update_country(country, config(notes="mine"), expected_version=1)
    assert "version 2" in error.value.message
    assert country.notes == "theirs" and country.version == 2


def test_a_concurrent_save_between_check_and_write_is_a_conflict(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country()
    # Another app server saved version 2; this session's object still says version 1.
    db.execute(update(Country).where(Country.code == "BE").values(version=2)
               .execution_options(synchronize_session=False))
    assert country.version == 1
    with pytest.raises(ConflictError, match="while you were saving"):
        ops.update_country(country, config(notes="mine"), expected_version=1)


def test_restore_brings_back_an_earlier_configuration_as_a_new_version(
        db: Session, make_country: MakeCountry) -> None:
    country = make_country()
    ops.update_country(country, config(currency="USD", notes="oops"), expected_version=1)
    ops.update_country(country, config(currency="USD", notes="oops again"), expected_version=2)
    country.recorded_stage = "translating"
    assert country.version == 3
    assert ops.restore_version(country, 1, expected_version=3, reason="wrong currency")
    assert country.version == 4
    assert country.currency == "EUR" and country.notes == ""
    assert shown_stage(country) == "translating"  # the stage is not restored
    latest = versions(country)[0]
    assert latest.reason == "restored version 1: wrong currency"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "country.restored"))
    with pytest.raises(NotFoundError):
        ops.restore_version(country, 99, expected_version=4)
    with pytest.raises(ConflictError):
        ops.restore_version(country, 1, expected_version=2)


def test_locale_rows_are_shared_and_cycles_span_countries(
        db: Session, make_country: MakeCountry) -> None:
    make_country("BE")
    lu = make_country("LU", locales=(("fr_LU", "fr_BE"),), timezone="Europe/Luxembourg")
    assert db.get(Locale, "fr_LU").parent_code == "fr_BE"
    with pytest.raises(OperationError, match="Parent cycle: fr_BE -> fr_LU -> fr_BE"):
        ops.update_country(lu, config(locales=[LocaleSpec("fr_BE", "fr_LU")]),
                           expected_version=1)
    assert db.get(Locale, "fr_BE").parent_code == "fr_FR"


def test_table_rows_sort_and_filter(
        db: Session, make_user: MakeUser, make_country: MakeCountry) -> None:
    make_user("launch_manager", email="ann@example.com")
    make_country("BE", stage="translating", owner="ann@example.com")
    make_country("FR", locales=(("fr_FR", None),), timezone="Europe/Paris", stage="live")
    make_country("PL", locales=(("pl_PL", None),), currency="PLN", timezone="Europe/Warsaw")
    rows = country_rows("en")
    assert [row.code for row in rows] == ["BE", "FR", "PL"]  # Belgium, France, Poland
    by_stage = country_rows("en", TableQuery(sort="stage", descending=True))
    assert [row.code for row in by_stage] == ["FR", "BE", "PL"]
    assert [r.code for r in country_rows("en", TableQuery(stage="live"))] == ["FR"]
    assert [r.code for r in country_rows("en", TableQuery(locale="fr_be"))] == ["BE"]
    assert [r.code for r in country_rows("en", TableQuery(currency="PLN"))] == ["PL"]
    assert [r.code for r in country_rows("en", TableQuery(owner="ann"))] == ["BE"]
    assert [r.code for r in country_rows("fr", TableQuery(q="pologne"))] == ["PL"]
    query = TableQuery.from_args({"sort": "drop table", "stage": "bogus", "dir": "desc"})
    assert (query.sort, query.stage, query.descending) == ("name", "", True)


def test_a_parent_in_another_language_needs_confirming(
        db: Session, make_country: MakeCountry) -> None:
    from tests.countries.conftest import config

    country = make_country()
    with pytest.raises(OperationError, match="another language"):
        ops.update_country(country, config(locales=[LocaleSpec("de_BE", "fr_FR")]),
                           expected_version=1)
    ops.update_country(country, config(locales=[LocaleSpec("de_BE", "fr_FR", True)]),
                       expected_version=1)
    assert validation.locale_warnings([LocaleSpec("de_BE", "fr_FR")]) == [
        "de_BE falls back to fr_FR, in another language."]


def test_a_language_cldr_lacks_is_accepted_with_a_warning(
        db: Session, make_country: MakeCountry) -> None:
    from tests.countries.conftest import config

    country = make_country()
    ops.update_country(country, config(locales=[LocaleSpec("crh")]), expected_version=1)
    assert country.locale_codes == ["crh"]
    assert "CLDR does not know crh" in validation.locale_warnings([LocaleSpec("crh")])[0]
