"""The countries/ folder: import (all or nothing), export (byte-stable), check, CLI, demo."""

import os
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.core.db import Base
from backoffice.core.errors import OperationError
from backoffice.countries import demo, snapshots, toml_files
from backoffice.countries import operations as ops
from backoffice.countries.models import Country, CountryVersion, Locale
from backoffice.launch.operations import reach
from tests.support.fixture_types import MakeUser, Translate
from tests.support.state import shown_stage

BE = """code = "BE"
stage = "translating"
currency = "EUR"
timezone = "Europe/Brussels"
max_seats_per_ride = 4
owner = "ann@example.com"
notes = "two languages"
locales = [
    { code = "fr_BE", parent = "fr_FR" },
    { code = "nl_BE", parent = "nl_NL" },
]
"""

PL = """code = "PL"
stage = "translating"
currency = "PLN"
timezone = "Europe/Warsaw"
locales = [{ code = "pl_PL" }]
"""


@pytest.fixture
def folder(tmp_path: Path, make_user: MakeUser) -> Path:
    make_user("launch_manager", email="ann@example.com")
    path = tmp_path / "countries"
    path.mkdir()
    (path / "BE.toml").write_text(BE)
    (path / "PL.toml").write_text(PL)
    return path


def count(db: Session, model: type[Base]) -> int:
    return db.scalar(select(func.count()).select_from(model))


def messages_for(folder: Path) -> list[str]:
    with pytest.raises(toml_files.FolderError) as error:
        toml_files.import_folder(folder, move=reach)
    return error.value.messages


def test_import_creates_countries_with_their_stage_and_locales(db: Session, folder: Path) -> None:
    result = toml_files.import_folder(folder, move=reach)
    assert (result.created, result.updated) == (["BE", "PL"], [])
    belgium = db.get(Country, "BE")
    assert shown_stage(belgium) == "translating" and belgium.owner.email == "ann@example.com"
    assert belgium.locale_codes == ["fr_BE", "nl_BE"]
    assert db.get(Locale, "nl_BE").parent_code == "nl_NL"
    assert db.get(Locale, "nl_NL") is not None
    assert db.get(Country, "PL").max_seats_per_ride == 4  # the default
    again = toml_files.import_folder(folder, move=reach)
    assert again.unchanged == ["BE", "PL"] and again.created == again.updated == []
    assert count(db, CountryVersion) == 2


def test_import_updates_an_existing_country_with_a_new_version(db: Session, folder: Path) -> None:
    toml_files.import_folder(folder, move=reach)
    (folder / "BE.toml").write_text(BE.replace("max_seats_per_ride = 4", "max_seats_per_ride = 3"))
    result = toml_files.import_folder(folder, reason="reviewed in git", move=reach)
    assert result.updated == ["BE"] and result.unchanged == ["PL"]
    belgium = db.get(Country, "BE")
    assert belgium.max_seats_per_ride == 3 and belgium.version == 2
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "country.updated"))
    assert event.after == {"max_seats_per_ride": 3} and event.reason == "reviewed in git"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("BE.toml", BE.replace('{ code = "nl_BE", parent = "nl_NL" }', '{ code = "nl/../BE" }'),
     'countries/BE.toml: locales[1]: "nl/../BE" is not a locale id: write it as gettext '
     "does"),
    ("BE.toml", BE.replace('code = "BE"', 'code = "be"'),
     'countries/BE.toml: code: "be" is not a country code: use two capital letters'),
    ("XX.toml", BE.replace('code = "BE"', 'code = "XX"'),
     'countries/XX.toml: code: "XX" is not an ISO 3166-1 country code.'),
    ("FR.toml", BE, 'countries/FR.toml: code: "BE" does not match the file name'),
    ("BE.toml", BE.replace("max_seats_per_ride = 4", "max_seats_per_ride = 9"),
     "countries/BE.toml: max_seats_per_ride: The maximum number of seats per ride must be"),
    ("BE.toml", BE.replace("max_seats_per_ride = 4", "max_seats_per_ride = 0"),
     "countries/BE.toml: max_seats_per_ride:"),
    ("BE.toml", BE.replace("max_seats_per_ride = 4", 'max_seats_per_ride = "abc"'),
     "countries/BE.toml: max_seats_per_ride: must be a whole number from 1 to 8, not 'abc'"),
    ("BE.toml", BE.replace('currency = "EUR"', 'currency = "EUX"'),
     'countries/BE.toml: currency: "EUX" is not a currency code'),
    ("BE.toml", BE.replace('timezone = "Europe/Brussels"', 'timezone = "Brussels"'),
     'countries/BE.toml: timezone: "Brussels" is not a time zone'),
    ("BE.toml", BE.replace('stage = "translating"', 'stage = "launched"'),
     'countries/BE.toml: stage: "launched" is not a launch stage'),
    ("BE.toml", BE.replace('owner = "ann@example.com"', 'owner = "bob@example.com"'),
     'countries/BE.toml: owner: No active user has the e-mail "bob@example.com".'),
    ("BE.toml", BE.replace('parent = "fr_FR"', 'parent = "fr_BE"'),
     "countries/BE.toml: locales[0].parent: fr_BE cannot be its own parent."),
    ("BE.toml", BE + 'colour = "blue"\n', "countries/BE.toml: colour: unknown field"),
    ("BE.toml", BE.replace("notes =", "notes"), "countries/BE.toml: invalid TOML:"),
    ("BE.toml", BE.replace("locales = [", "locales = 3\nx = ["),
     "countries/BE.toml: locales: must be a list"),
    ("BE.toml", BE.replace('{ code = "fr_BE", parent = "fr_FR" }', '{ code = "fr_BE", p = 1 }'),
     "countries/BE.toml: locales[0].p: unknown field"),
    ("BE.toml", BE.replace('{ code = "fr_BE", parent = "fr_FR" },', ""),
     None),  # valid: checks the rest of the table still passes
])
def test_one_invalid_file_stops_the_whole_import(db: Session, folder: Path, name: str, content: str,
        message: str | None) -> None:
    (folder / name).write_text(content)
    if message is None:
        toml_files.import_folder(folder, move=reach)
        return
    messages = messages_for(folder)
    assert any(line.startswith(message) for line in messages), messages
    assert count(db, Country) == 0  # PL.toml was fine, but nothing was imported
    assert count(db, Locale) == 0


def test_malformed_toml_names_the_line(db: Session, folder: Path) -> None:
    (folder / "PL.toml").write_text(PL.replace('currency = "PLN"', "currency = PLN"))
    [message] = messages_for(folder)
    assert message.startswith("countries/PL.toml: invalid TOML:")
    assert "line 3" in message


def test_parents_are_checked_across_files(db: Session, folder: Path) -> None:
    (folder / "FR.toml").write_text(
        'code = "FR"\ncurrency = "EUR"\ntimezone = "Europe/Paris"\n'
        'locales = [{ code = "fr_FR", parent = "fr_BE" }]\n')
    messages = messages_for(folder)
    assert any("parent cycle: fr_BE -> fr_FR -> fr_BE" in m for m in messages), messages
    (folder / "FR.toml").write_text(
        'code = "FR"\ncurrency = "EUR"\ntimezone = "Europe/Paris"\n'
        'locales = [{ code = "fr_FR" }, { code = "fr_BE" }]\n')
    messages = messages_for(folder)
    assert any("fr_BE has parent none here but fr_FR in countries/BE.toml" in m
               for m in messages), messages
    assert count(db, Country) == 0


def test_a_file_moves_a_country_only_through_the_gates(db: Session, folder: Path) -> None:
    toml_files.import_folder(folder, move=reach)
    (folder / "PL.toml").write_text(PL.replace('"translating"', '"live"'))
    with pytest.raises(OperationError) as refused:
        toml_files.import_folder(folder, move=reach)
    assert refused.value.message.startswith("PL.toml: stage: PL cannot move to Live yet: "
                                            "pl_PL app: there is no catalog yet.")
    (folder / "PL.toml").write_text(PL.replace('"translating"', '"planned"'))
    assert toml_files.import_folder(folder, move=reach).updated == ["PL"]
    assert shown_stage(db.get(Country, "PL")) == "planned"


def test_a_file_never_switches_online_payment_on(db: Session, folder: Path) -> None:
    (folder / "PL.toml").write_text(PL.replace('"translating"', '"payments_live"'))
    [message] = messages_for(folder)
    assert message.startswith("countries/PL.toml: stage: online payment is switched on only "
                              "through a change request approved by finance")
    assert count(db, Country) == 0


def test_a_new_country_from_a_file_reaches_live_through_every_gate(
        db: Session, folder: Path, translate: Translate) -> None:
    translate("pl_PL")
    (folder / "PL.toml").write_text(PL.replace('"translating"', '"live"'))
    toml_files.import_folder(folder, move=reach)
    poland = db.get(Country, "PL")
    assert shown_stage(poland) == "live"
    moves = db.scalars(select(AuditEvent.after).where(
        AuditEvent.action == "country.stage_changed", AuditEvent.country_code == "PL")).all()
    assert [move["stage"] for move in moves] == ["translating", "live"]


def test_export_is_byte_stable_and_rewrites_only_changed_files(
        db: Session, folder: Path, tmp_path: Path) -> None:
    toml_files.import_folder(folder, move=reach)
    out = tmp_path / "out"
    first = toml_files.export_folder(out)
    assert first.written == ["BE.toml", "PL.toml"]
    content = (out / "BE.toml").read_bytes()
    assert b'{ code = "fr_BE", parent = "fr_FR" }' in content
    assert b'owner = "ann@example.com"' in content
    old = 1_000_000_000
    for path in out.iterdir():
        os.utime(path, (old, old))
    second = toml_files.export_folder(out)
    assert second.written == [] and second.unchanged == ["BE.toml", "PL.toml"]
    assert all(path.stat().st_mtime == old for path in out.iterdir())
    assert (out / "BE.toml").read_bytes() == content
    belgium = db.get(Country, "BE")
    ops.update_country(belgium, snapshots.config_from_snapshot(
        {**snapshots.snapshot(belgium), "notes": 'say "hi"\nsecond line'}), expected_version=1)
    third = toml_files.export_folder(out)
    assert third.written == ["BE.toml"]
    assert (out / "PL.toml").stat().st_mtime == old
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temp files left
    # What was exported imports back to the same configuration.
    assert toml_files.import_folder(out, move=reach).unchanged == ["BE", "PL"]


def test_extra_sections_from_other_domains(
        db: Session, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    section = toml_files.TomlSection(
        key="payments",
        dump=lambda country: {"provider": "adyen"} if country.code == "BE" else None,
        validate=lambda table: [] if isinstance(table, dict) else ["must be a table"],
        load=lambda country, table: seen.update({country.code: table}),
    )
    monkeypatch.setattr(toml_files, "TOML_SECTIONS", [section])
    (folder / "BE.toml").write_text(BE + '\n[payments]\nprovider = "adyen"\n')
    toml_files.import_folder(folder, move=reach)
    assert seen == {"BE": {"provider": "adyen"}}
    text = toml_files.dumps(toml_files.country_document(db.get(Country, "BE")))
    assert text.endswith('\n[payments]\nprovider = "adyen"\n')
    (folder / "PL.toml").write_text(PL + "payments = 3\n")
    assert "countries/PL.toml: payments: must be a table" in messages_for(folder)


# --- CLI ------------------------------------------------------------------------------


def run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["countries", *args])


def test_cli_import_export_check(app: Flask, db: Session, folder: Path, tmp_path: Path) -> None:
    db.commit()
    result = run(app, "check", "--dir", str(folder))
    assert result.exit_code == 0, result.output
    assert "2 file(s) valid" in result.output
    assert count(db, Country) == 0  # check changes nothing

    result = run(app, "import", "--dir", str(folder))
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged." in result.output
    assert shown_stage(db.get(Country, "BE")) == "translating"

    out = tmp_path / "exported"
    result = run(app, "export", "--dir", str(out))
    assert result.exit_code == 0 and "2 written, 0 unchanged" in result.output
    result = run(app, "export", "--dir", str(out))
    assert "0 written, 2 unchanged" in result.output


def test_cli_refuses_a_bad_folder_and_changes_nothing(
        app: Flask, db: Session, folder: Path) -> None:
    db.commit()
    (folder / "XX.toml").write_text('code = "XX"\n')
    for command in ("check", "import"):
        result = run(app, command, "--dir", str(folder))
        assert result.exit_code == 1
        assert 'countries/XX.toml: code: "XX" is not an ISO 3166-1 country code.' in result.output
        assert "nothing was changed" in result.output
    assert count(db, Country) == 0
    missing = run(app, "check", "--dir", str(folder / "nope"))
    assert missing.exit_code == 1 and "no such folder" in missing.output


def test_cli_uses_the_configured_folder_by_default(app: Flask, db: Session, folder: Path) -> None:
    db.commit()
    assert Path(app.config["COUNTRIES_DIR"]) == folder
    result = run(app, "import")
    assert result.exit_code == 0, result.output
    assert db.get(Country, "PL") is not None


# --- demo -----------------------------------------------------------------------------


def test_demo_countries_load_twice_with_no_change(db: Session, make_user: MakeUser) -> None:
    make_user("launch_manager", email="launch@demo.example")
    assert demo.load_countries() >= 12
    # Stages come later, from the launch step, once the catalogs are there.
    assert {shown_stage(country) for country in db.scalars(select(Country))} == {"planned"}
    assert db.get(Country, "BE").locale_codes == ["fr_BE", "nl_BE"]
    assert db.get(Locale, "fr_BE").parent_code == "fr_FR"
    for parent in ("fr_FR", "nl_NL", "es_ES", "de_DE", "pt_PT"):
        assert db.get(Locale, parent) is not None
    versions, events = count(db, CountryVersion), count(db, AuditEvent)
    assert demo.load_countries() == 0
    assert (count(db, CountryVersion), count(db, AuditEvent)) == (versions, events)


def test_the_repository_files_are_what_export_writes(
        app: Flask, db: Session, make_user: MakeUser, tmp_path: Path) -> None:
    import shutil

    from backoffice.catalogs.demo import load_catalogs
    from backoffice.launch.demo import launch_countries

    make_user("launch_manager", email="launch@demo.example")
    shutil.copytree(demo.DEMO_COUNTRIES_DIR.parent / "locales", app.config["LOCALES_DIR"],
                    ignore=shutil.ignore_patterns("*.mo", "fr"))
    load_catalogs()
    demo.load_countries()
    launch_countries()
    out = tmp_path / "out"
    toml_files.export_folder(out)
    for path in sorted(demo.DEMO_COUNTRIES_DIR.glob("*.toml")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name
