"""``backoffice catalogs import|export|compile|update|check`` and the demo step."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog
from tests.catalogs.conftest import DATA
from tests.catalogs.workspace import SMALL_PL
from tests.conftest import migrate
from tests.support.fixture_types import MakeApp, NewDatabaseUrl

REPO_LOCALES = Path(__file__).resolve().parents[2] / "locales"


@pytest.fixture
def cli_app(new_database_url: NewDatabaseUrl, make_app: MakeApp, tmp_path: Path) -> Flask:
    url = new_database_url()
    migrate(url)
    return make_app(url)


def _copy_demo_locales(app: Flask) -> Path:
    """The repository's catalogs in the app's LOCALES_DIR, with the variants' parents set
    (as the countries' set-up does)."""
    from backoffice.core.db import db
    from backoffice.countries.models import Locale

    target = Path(app.config["LOCALES_DIR"])
    shutil.copytree(REPO_LOCALES, target, ignore=shutil.ignore_patterns("*.mo", "fr"))
    with app.app_context():
        db.session.add_all([Locale(code="fr_FR"), Locale(code="es_ES")])
        db.session.flush()
        db.session.add_all([Locale(code="fr_BE", parent_code="fr_FR"),
                            Locale(code="es_MX", parent_code="es_ES")])
        db.session.commit()
    return target


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["catalogs", *args])


def test_import_folder_export_back_is_byte_identical(cli_app: Flask) -> None:
    locales = _copy_demo_locales(cli_app)
    originals = {p: p.read_bytes() for p in locales.glob("*/LC_MESSAGES/app.po")}
    result = _run(cli_app, "import", str(locales))
    assert result.exit_code == 0, result.output
    assert "app/pl_PL: created" in result.output
    for path in originals:
        path.unlink()
    for path in originals:
        done = _run(cli_app, "export", "--locale", path.parent.parent.name)
        assert done.exit_code == 0, done.output
    assert {p: p.read_bytes() for p in originals} == originals


def test_import_file_modes_and_errors(cli_app: Flask, tmp_path: Path) -> None:
    po = tmp_path / "pl.po"
    po.write_text(SMALL_PL)
    assert _run(cli_app, "import", str(po)).exit_code == 2  # --locale is required
    assert _run(cli_app, "import", str(po), "--locale", "pl_PL").exit_code == 0
    po.write_text(SMALL_PL.replace('"Szukaj przejazdów"', '"Szukaj"'))
    result = _run(cli_app, "import", str(po), "--locale", "pl_PL", "--mode", "overwrite")
    assert result.exit_code == 0 and "1 changed" in result.output
    broken = tmp_path / "broken.po"
    broken.write_text(SMALL_PL + 'msgid "unterminated\n')
    result = _run(cli_app, "import", str(broken), "--locale", "pl_PL", "--mode", "overwrite")
    assert result.exit_code == 1 and "line" in result.output


def test_export_flatten_and_output(cli_app: Flask, tmp_path: Path) -> None:
    locales = _copy_demo_locales(cli_app)
    assert _run(cli_app, "import", str(locales)).exit_code == 0
    out = tmp_path / "fr_BE-flat.po"
    result = _run(cli_app, "export", "--locale", "fr_BE", "--flatten", "--output", str(out))
    assert result.exit_code == 0, result.output
    flat = out.read_text()
    assert 'msgstr "Rechercher un trajet"' in flat  # from fr_FR
    assert 'msgstr "Septante kilomètres"' in flat  # fr_BE's own
    own = (locales / "fr_BE" / "LC_MESSAGES" / "app.po").read_text()
    assert 'msgstr "Rechercher un trajet"' not in own
    assert _run(cli_app, "export", "--locale", "xx_YY").exit_code == 1


def test_compile_gives_mo_files_gettext_reads(cli_app: Flask) -> None:
    locales = _copy_demo_locales(cli_app)
    assert _run(cli_app, "import", str(locales)).exit_code == 0
    result = _run(cli_app, "compile", "--domain", "app")
    assert result.exit_code == 0, result.output
    pl = gettext.translation("app", str(locales), languages=["pl_PL"])
    assert pl.gettext("Search rides") == "Szukaj przejazdów"
    assert pl.ngettext("%(count)s seat left", "%(count)s seats left", 22) == \
        "Zostały %(count)s miejsca"
    be = gettext.translation("app", str(locales), languages=["fr_BE"])
    assert be.gettext("Seventy kilometres") == "Septante kilomètres"
    assert be.gettext("Search rides") == "Rechercher un trajet"  # flattened from fr_FR
    assert be.pgettext("noun", "Ride") == "Trajet"


def test_compile_renames_within_the_target_folder(
        cli_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary folder is often another file system: a rename from there fails with EXDEV."""
    import errno
    import os

    from backoffice.catalogs import gettext_tools

    real_replace = os.replace

    def same_file_system_only(source: str | os.PathLike[str], target: str | os.PathLike[str]
                              ) -> None:
        if not Path(source).resolve().is_relative_to(Path(target).resolve().parent):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(source, target)

    monkeypatch.setattr(gettext_tools.os, "replace", same_file_system_only)
    locales = _copy_demo_locales(cli_app)
    assert _run(cli_app, "import", str(locales)).exit_code == 0
    result = _run(cli_app, "compile", "--domain", "app")
    assert result.exit_code == 0, result.output
    folder = locales / "pl_PL" / "LC_MESSAGES"
    assert (folder / "app.mo").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".compile-")]


def test_update_from_the_template(cli_app: Flask) -> None:
    locales = _copy_demo_locales(cli_app)
    assert _run(cli_app, "import", str(locales)).exit_code == 0
    pot = locales / "app.pot"
    text = pot.read_text()
    text = text.replace('msgid "Search rides"', 'msgid "Search for rides"')
    text += '\n#: app/new.py:1\nmsgid "Carbon saved this year"\nmsgstr ""\n'
    pot.write_text(text)
    result = _run(cli_app, "update", "--domain", "app")
    assert result.exit_code == 0, result.output
    assert "pl_PL: 1 new, 1 drafts" in result.output
    with cli_app.app_context():
        catalog = operations.get_catalog("app", "pl_PL")
        from tests.catalogs.workspace import message

        matched = message(catalog, "Search for rides")
        assert matched.state == "draft" and matched.translations == ["Szukaj przejazdów"]
        assert message(catalog, "Carbon saved this year").state == "untranslated"
        assert operations.recount(catalog) == catalog.counters()


def test_check_exits_1_on_errors(cli_app: Flask, tmp_path: Path) -> None:
    po = tmp_path / "pl.po"
    po.write_text(SMALL_PL.replace('msgstr ""\n\nmsgid "Leaving',
                                   'msgstr "Cena %(cena)s"\n\nmsgid "Leaving'))
    assert _run(cli_app, "import", str(po), "--locale", "pl_PL").exit_code == 0
    result = _run(cli_app, "check")
    assert result.exit_code == 1
    assert "error" in result.output and "Price" in result.output
    assert _run(cli_app, "check", "--locale", "fr_FR").exit_code == 0


def test_demo_step_loads_the_catalogs_once(cli_app: Flask) -> None:
    _copy_demo_locales(cli_app)
    from backoffice.catalogs.demo import load_catalogs
    from backoffice.core.db import db

    with cli_app.app_context():
        assert load_catalogs() == 12
        db.session.commit()
        assert load_catalogs() == 0
        be = operations.get_catalog("app", "fr_BE")
        assert be.locale.parent_code == "fr_FR"
        assert be.inherited_count > 100
        assert db.session.query(Catalog).count() == 12


needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")


@needs_msgfmt
def test_check_against_msgfmt_reports_exports_msgfmt_refuses(
        cli_app: Flask, tmp_path: Path) -> None:
    """Every export goes through GNU msgfmt -c; a refusal is exit status 1, with msgfmt's
    words and whether the export is still the imported file."""
    for name, locale in (("obsolete_duplicate.po", "de_DE"), ("charset_latin1.po", "de_AT")):
        imported = _run(cli_app, "import", str(DATA / name), "--locale", locale)
        assert imported.exit_code == 0, imported.output
    assert "de_DE: warning: line 20: this obsolete (#~) message repeats" in _run(
        cli_app, "import", str(DATA / "obsolete_duplicate.po"), "--locale", "de_DE").output
    result = _run(cli_app, "check", "--against-msgfmt")
    assert result.exit_code == 1, result.output
    assert ("app/de_DE: msgfmt -c refuses the export (byte-identical to the imported file):"
            in result.output)
    assert "app/de_DE:   line 20: duplicate message definition..." in result.output
    assert ("app/de_AT: msgfmt -c accepts the export (byte-identical to the imported file)"
            in result.output)
    assert "msgfmt -c refuses 1 of 2 exports." in result.output
    clean = _run(cli_app, "check", "--against-msgfmt", "--locale", "de_AT")
    assert clean.exit_code == 0, clean.output


@needs_msgfmt
def test_compile_leaves_an_obsolete_duplicate_out_and_says_so(cli_app: Flask) -> None:
    assert _run(cli_app, "import", str(DATA / "obsolete_duplicate.po"),
                "--locale", "de_DE").exit_code == 0
    result = _run(cli_app, "compile")
    assert result.exit_code == 0, result.output
    assert "app/de_DE: warning: obsolete message 'Seats' repeats an active one" in result.output
    locales = Path(cli_app.config["LOCALES_DIR"])
    assert gettext.translation("app", str(locales), languages=["de_DE"]).gettext("Seats") == \
        "Plätze"


def test_convert_utf8_command(cli_app: Flask) -> None:
    assert _run(cli_app, "import", str(DATA / "charset_latin1.po"),
                "--locale", "de_DE").exit_code == 0
    result = _run(cli_app, "convert-utf8", "--locale", "de_DE", "--reason", "euro signs")
    assert result.exit_code == 0, result.output
    assert "app/de_DE: converted from ISO-8859-1 to UTF-8." in result.output
    again = _run(cli_app, "convert-utf8", "--locale", "de_DE")
    assert again.exit_code == 1 and "already in UTF-8" in again.output
    with cli_app.app_context():
        from backoffice.audit.models import AuditEvent
        from backoffice.core.db import db

        event = db.session.query(AuditEvent).filter_by(action="catalog.converted_to_utf8").one()
        assert event.reason == "euro signs" and event.after == {"charset": "UTF-8"}
        exported = operations.export_bytes(operations.get_catalog("app", "de_DE"))
    assert b"charset=UTF-8" in exported and "Café".encode() in exported


def test_import_locales_leaves_the_consoles_own_catalogs_out(cli_app: Flask) -> None:
    locales = _copy_demo_locales(cli_app)
    console = locales / "fr" / "LC_MESSAGES"
    console.mkdir(parents=True)
    shutil.copy(REPO_LOCALES / "fr" / "LC_MESSAGES" / "backoffice.po", console)
    result = _run(cli_app, "import", str(locales))
    assert result.exit_code == 0, result.output
    assert "backoffice/fr" not in result.output
    with cli_app.app_context():
        from backoffice.core.db import db

        domains = {c.domain for c in db.session.query(Catalog)}
    assert domains == {"app"}


def test_compile_and_import_print_their_progress_line_by_line(cli_app: Flask) -> None:
    locales = _copy_demo_locales(cli_app)
    count = len(list(locales.glob("*/LC_MESSAGES/app.po")))
    imported = _run(cli_app, "import", str(locales))
    assert f"Importing 1/{count}: app/" in imported.output
    assert f"Importing: {count} done." in imported.output
    compiled = _run(cli_app, "compile")
    assert compiled.exit_code == 0, compiled.output
    assert f"Compiling {count}/{count}: app/" in compiled.output
