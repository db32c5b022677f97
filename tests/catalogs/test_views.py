"""The console's translation pages: list, editor, saving (form and JSON), conflicts,
review, scopes, uploads and reverts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditEvent
from backoffice.catalogs import operations
from backoffice.catalogs.models import Catalog, ImportBatch, Message
from tests.catalogs.workspace import (
    FR_HEADER,
    SMALL_PL,
    import_text,
    locale,
    message,
    upload,
)
from tests.conftest import sign_in
from tests.support.fixture_types import MakeUser, SignedIn


def _editor(catalog: Catalog) -> str:
    return f"/catalogs/{catalog.domain}/{catalog.locale_code}/"


def test_catalog_list_shows_progress(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    import_text(SMALL_PL)
    page = client.get("/catalogs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "pl_PL" in html and "<meter" in html


def test_editor_labels_plural_fields_with_cldr_categories_and_samples(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    html = client.get(_editor(catalog)).get_data(as_text=True)
    assert "one <small class=\"samples\">1</small>" in html
    assert "few <small class=\"samples\">2-4, 22-24, 32-34...</small>" in html
    assert "many <small class=\"samples\">0, 5-21, 25-31...</small>" in html
    assert "Szukaj przejazdów" in html


def test_editor_follows_the_files_own_plural_forms(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    text = SMALL_PL.replace(
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        "nplurals=2; plural=(n != 1);",
    ).replace('msgstr[2] "Zostało %(count)s miejsc"\n', "")
    catalog = import_text(text).catalog
    html = client.get(_editor(catalog)).get_data(as_text=True)
    assert html.count('name="translation"') == 7  # 6 messages, one plural with 2 forms


def test_filters_and_search(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    catalog = import_text(SMALL_PL).catalog
    untranslated = client.get(_editor(catalog) + "?state=untranslated").get_data(as_text=True)
    assert "Leaving from" in untranslated and "Search rides" not in untranslated
    drafts = client.get(_editor(catalog) + "?state=draft").get_data(as_text=True)
    assert "Offer a ride now" in drafts and "Leaving from" not in drafts
    by_translation = client.get(_editor(catalog) + "?q=PRZEJAZD").get_data(as_text=True)
    assert "Search rides" in by_translation and "Leaving from" not in by_translation
    by_comment = client.get(_editor(catalog) + "?q=a+button").get_data(as_text=True)
    assert "Search rides" in by_comment and "Leaving from" not in by_comment
    by_context = client.get(_editor(catalog) + "?state=all&q=button").get_data(as_text=True)
    assert 'id="m' in by_context and ">Book<" in by_context
    book = message(catalog, "Book", "button")
    operations.save_translation(book, ["Zarezerwuj"], version=1)
    changed = client.get(_editor(catalog) + "?since=2000-01-01&state=translated")
    assert "Zarezerwuj" in changed.get_data(as_text=True)
    failing = client.get(_editor(catalog) + "?state=failing").get_data(as_text=True)
    assert "No message matches" in failing


def test_form_save_without_javascript(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    response = client.post(f"{_editor(catalog)}messages/{book.id}",
                           data={"translation": "Zarezerwuj", "version": "1", "next": "7"})
    assert response.status_code == 302
    assert "m=7" in response.headers["Location"]
    assert message(catalog, "Book", "button").translations == ["Zarezerwuj"]


def test_json_save_returns_state_and_counters(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    response = client.post(f"/catalogs/api/messages/{book.id}",
                           json={"translations": ["Zarezerwuj"], "version": 1})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["version"] == 2 and body["state"] == "translated"
    assert body["counters"]["translated"] == 3


def test_the_editor_shows_progress_and_each_save_returns_it(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    assert (catalog.translated_count, catalog.total_count) == (2, 6)
    page = client.get("/catalogs/app/pl_PL/").get_data(as_text=True)
    assert '<span class="progress-figure" data-progress>33 %</span>' in page  # never rounded up
    book = message(catalog, "Book", "button")
    body = client.post(f"/catalogs/api/messages/{book.id}",
                       json={"translations": ["Zarezerwuj"], "version": 1}).get_json()
    assert body["progress"] == 0.5 and body["coverage"] == 0.5


def test_json_save_failing_check_keeps_a_draft(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    price = message(catalog, "Price: %(price)s")
    body = client.post(f"/catalogs/api/messages/{price.id}",
                       json={"translations": ["Cena: %(cena)s"], "version": 1}).get_json()
    assert body["state"] == "draft" and body["draft_kept"]
    assert any(f["severity"] == "error" for f in body["findings"])
    assert message(catalog, "Price: %(price)s").translations == ["Cena: %(cena)s"]


def test_json_save_refuses_bad_payloads(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    for payload in ({"translations": "x", "version": 1}, {"translations": ["x"]}, [1, 2]):
        response = client.post(f"/catalogs/api/messages/{book.id}", json=payload)
        assert response.status_code == 400
        assert response.get_json()["error"]
    assert client.post("/catalogs/api/messages/999999",
                       json={"translations": ["x"], "version": 1}).status_code == 404


def _two_translators(app: Flask, make_user: MakeUser
                     ) -> tuple[FlaskClient, FlaskClient, Catalog, Message]:
    """Two translators of pl_PL, each signed in on a client, and the message both edit."""
    first, second = app.test_client(), app.test_client()
    sign_in(first, make_user("translator", locales=("pl_PL",)))
    sign_in(second, make_user("translator", locales=("pl_PL",)))
    catalog = import_text(SMALL_PL).catalog
    return first, second, catalog, message(catalog, "Book", "button")


def test_two_sessions_conflict_and_nobody_loses_text(app: Flask, make_user: MakeUser) -> None:
    first, second, catalog, book = _two_translators(app, make_user)
    url = f"/catalogs/api/messages/{book.id}"
    assert first.post(url, json={"translations": ["Zarezerwuj"], "version": 1}).status_code == 200
    stale = second.post(url, json={"translations": ["Rezerwuj teraz"], "version": 1})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["yours"] == ["Rezerwuj teraz"]
    assert body["conflict"]["translations"] == ["Zarezerwuj"]
    assert message(catalog, "Book", "button").translations == ["Zarezerwuj"]
    # Keep mine: save again against the version now current.
    kept = second.post(url, json={"translations": ["Rezerwuj teraz"],
                                  "version": body["conflict"]["version"]})
    assert kept.status_code == 200
    assert message(catalog, "Book", "button").translations == ["Rezerwuj teraz"]


def test_form_conflict_shows_both_texts(app: Flask, make_user: MakeUser) -> None:
    first, second, catalog, book = _two_translators(app, make_user)
    url = f"{_editor(catalog)}messages/{book.id}"
    first.post(url, data={"translation": "Zarezerwuj", "version": "1"})
    response = second.post(url, data={"translation": "Mój tekst", "version": "1"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Mój tekst" in html and "Zarezerwuj" in html
    assert 'name="version" value="2"' in html


def test_scopes_and_permissions(client: FlaskClient, signed_in: SignedIn) -> None:
    catalog = import_text(SMALL_PL).catalog
    book = message(catalog, "Book", "button")
    signed_in("translator", locales=("fr_FR",))
    assert client.get(_editor(catalog)).status_code == 403
    assert client.post(f"/catalogs/api/messages/{book.id}",
                       json={"translations": ["x"], "version": 1}).status_code == 403
    assert client.post(f"{_editor(catalog)}messages/{book.id}",
                       data={"translation": "x", "version": "1"}).status_code == 403
    assert client.get("/catalogs/upload").status_code == 403
    assert message(catalog, "Book", "button").translations == [""]


def test_viewer_cannot_save_and_translator_cannot_review(
        client: FlaskClient, signed_in: SignedIn, app: Flask, make_user: MakeUser) -> None:
    catalog = import_text(SMALL_PL).catalog
    search = message(catalog, "Search rides")
    signed_in("viewer")
    assert client.post(f"/catalogs/api/messages/{search.id}",
                       json={"translations": ["x"], "version": 1}).status_code == 403
    other = app.test_client()
    sign_in(other, make_user("translator", locales=("pl_PL",)))
    assert other.post(f"/catalogs/api/messages/{search.id}/review",
                      json={"version": 1}).status_code == 403


def test_reviewer_marks_reviewed(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("reviewer", locales=("pl_PL",))
    catalog = import_text(SMALL_PL).catalog
    search = message(catalog, "Search rides")
    response = client.post(f"{_editor(catalog)}messages/{search.id}/review",
                           data={"version": "1"})
    assert response.status_code == 302
    assert message(catalog, "Search rides").state == "reviewed"
    body = client.post(f"/catalogs/api/messages/{search.id}",
                       json={"translations": ["Szukaj"], "version": 2}).get_json()
    assert body["state"] == "translated"


def test_side_panel_shows_parent_suggestions_and_history(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    locale("fr_FR")
    locale("fr_BE", parent="fr_FR")
    import_text(FR_HEADER + '\n#. Translators: the main button.\nmsgid "Search rides"\n'
                'msgstr "Rechercher un trajet"\n', "fr_FR")
    child = import_text(FR_HEADER.replace("fr_FR", "fr_BE")
                        + '\n#. Translators: the main button.\nmsgid "Search rides"\n'
                          'msgstr ""\n', "fr_BE").catalog
    target = message(child, "Search rides")
    html = client.get(_editor(child)).get_data(as_text=True)
    assert "Inherited from fr_FR" in html and "Rechercher un trajet" in html
    client.post(f"/catalogs/api/messages/{target.id}",
                json={"translations": ["Chercher un trajet"], "version": 1})
    panel = client.get(f"/catalogs/api/messages/{target.id}/panel").get_json()
    assert panel["parent"] == ["Rechercher un trajet"]
    assert panel["extracted_comments"] == ["Translators: the main button."]
    assert panel["suggestions"][0]["translations"] == ["Rechercher un trajet"]
    assert panel["history"][0]["translations"] == ["Chercher un trajet"]


def test_script_in_a_translation_is_shown_as_text(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    catalog = import_text(SMALL_PL.replace('"Szukaj przejazdów"',
                                           '"<script>alert(1)</script>"')).catalog
    html = client.get(_editor(catalog)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_upload_imports_and_bad_upload_changes_nothing(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    signed_in("launch_manager")
    bad = upload(client, (SMALL_PL + 'msgid "cut\n').encode(), "pl_PL", filename="pl.po")
    assert bad.status_code == 400
    assert "line" in bad.get_data(as_text=True)
    assert db.scalars(select(ImportBatch)).all() == []
    good = upload(client, SMALL_PL.encode(), "pl_PL", filename="pl.po")
    assert good.status_code == 302
    assert len(db.scalars(select(ImportBatch)).all()) == 1


@pytest.mark.parametrize("bad", [
    (SMALL_PL + 'msgid "cut\n').encode(),
    SMALL_PL.encode().replace("przejazdów".encode(), "przejazdów".encode("latin-1", "replace")),
    SMALL_PL.replace("plural=(n==1", "plural=(n===1").encode(),
    b"\x00\x01 not a catalog at all",
], ids=["truncated", "encoding", "plural-forms", "binary"])
def test_bad_uploads_get_a_clear_message_and_change_nothing(
        client: FlaskClient, signed_in: SignedIn, db: Session, bad: bytes) -> None:
    signed_in("launch_manager")
    catalog = import_text(SMALL_PL).catalog
    before = operations.export_bytes(catalog)
    response = upload(client, bad, "pl_PL", filename="bad.po", mode="overwrite")
    assert response.status_code == 400
    assert "nothing changed" in response.get_data(as_text=True)
    db.expire_all()
    assert operations.export_bytes(catalog) == before
    assert len(db.scalars(select(ImportBatch)).all()) == 1


def test_upload_over_the_limit_is_a_clear_413(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("launch_manager")
    body = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.po"\r\n\r\n'
            + b"#" * (50 * 1024 * 1024) + b"\r\n--x--\r\n")
    response = client.post("/catalogs/upload", data=body,
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert "The limit is 16 MB" in response.get_data(as_text=True)


def test_revert_from_the_console_is_audited(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    user = signed_in("launch_manager")
    catalog = import_text(SMALL_PL).catalog
    result = import_text(SMALL_PL.replace('"Szukaj przejazdów"', '"Szukaj"'), mode="overwrite",
                         actor=user)
    assert client.get("/catalogs/imports/").status_code == 200
    response = client.post(f"/catalogs/imports/{result.batch.id}/revert",
                           data={"reason": "wrong file"})
    assert response.status_code == 302
    assert message(catalog, "Search rides").translations == ["Szukaj przejazdów"]
    assert db.scalars(select(AuditEvent).where(
        AuditEvent.action == "catalog.import_reverted")).one().reason == "wrong file"


def test_export_download(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("viewer")
    import_text(SMALL_PL)
    response = client.get("/catalogs/app/pl_PL/export")
    assert response.status_code == 200
    assert response.data == SMALL_PL.encode()


def test_country_section_lists_the_countrys_catalogs(
        client: FlaskClient, signed_in: SignedIn, db: Session) -> None:
    from backoffice.core.navigation import COUNTRY_SECTIONS
    from tests.factories import CountryFactory

    signed_in("viewer")
    import_text(SMALL_PL)
    import_text(FR_HEADER + '\nmsgid "Yes"\nmsgstr "Oui"\n', "fr_FR")
    CountryFactory(code="PL", stage="planned")
    assert any(endpoint == "catalogs.country" for endpoint, _p, _l in COUNTRY_SECTIONS)
    html = client.get("/catalogs/country/PL").get_data(as_text=True)
    assert "pl_PL" in html and "fr_FR" not in html
    assert client.get("/catalogs/country/ZZ").status_code == 404


def test_pages_follow_each_other_by_position(client: FlaskClient, signed_in: SignedIn) -> None:
    import re

    signed_in("admin")
    text = SMALL_PL + "".join(f'\nmsgid "Message {i:03d}"\nmsgstr ""\n' for i in range(120))
    catalog = import_text(text).catalog
    first = client.get(_editor(catalog)).get_data(as_text=True)
    assert first.count('class="message ') == 50
    next_url = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(next_url).get_data(as_text=True)
    assert "Message 044" in second and "Message 043" not in second  # 6 + 44 on page one
    assert second.count('class="message ') == 50
    prev_url = re.search(r'rel="prev" href="([^"]+)"', second).group(1).replace("&amp;", "&")
    again = client.get(prev_url).get_data(as_text=True)
    assert "Search rides" in again and "Message 043" in again and "Message 044" not in again


def test_update_from_template_in_the_console(
        client: FlaskClient, signed_in: SignedIn, app: Flask) -> None:
    from pathlib import Path

    signed_in("launch_manager")
    catalog = import_text(SMALL_PL).catalog
    locales = Path(app.config["LOCALES_DIR"])
    locales.mkdir(parents=True, exist_ok=True)
    (locales / "app.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Search rides"\nmsgstr ""\n\nmsgid "Cancellation policy"\nmsgstr ""\n')
    response = client.post("/catalogs/app/update-from-template")
    assert response.status_code == 302
    assert message(catalog, "Cancellation policy").state == "untranslated"
    assert message(catalog, "Search rides").translations == ["Szukaj przejazdów"]
    (locales / "app.pot").write_text('msgid "broken\n')
    before = operations.export_bytes(catalog)
    assert client.post("/catalogs/app/update-from-template").status_code == 400
    assert operations.export_bytes(catalog) == before
    assert client.post("/catalogs/nothing/update-from-template").status_code == 302
