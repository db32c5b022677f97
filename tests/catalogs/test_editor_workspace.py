"""The editor for a whole day: inherited messages labelled and filtered, figures that
agree with their bars, tools to copy the source and insert placeholders, suggestions to
use, conflicts that say who saved, and translators who read their parents but change
only their own locales."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from backoffice.catalogs import editor, operations
from tests.catalogs.french import french
from tests.catalogs.workspace import message
from tests.support.fixture_types import MakeUser, SignedIn


def _ids(html: str) -> set[str]:
    return set(re.findall(r'<form class="message[^"]*" id="m(\d+)"', html))


def test_inherited_messages_are_labelled_and_filtered_not_untranslated(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    _, child = french()
    inherited = {str(message(child, m).id) for m in
                 ("Search rides", "Hello %(name)s, open <b>your rides</b>")}
    pay = str(message(child, "Pay").id)
    book = str(message(child, "Book").id)
    base = "/catalogs/app/fr_BE/"
    page = client.get(base).get_data(as_text=True)
    assert page.count("inherited from fr_FR</span>") == 2
    assert _ids(client.get(base + "?state=untranslated").get_data(as_text=True)) == {pay}
    assert _ids(client.get(base + "?state=inherited").get_data(as_text=True)) == inherited
    assert _ids(client.get(base + "?state=overridden").get_data(as_text=True)) == {book}
    # A catalog without a parent has nothing inherited or overridden.
    assert _ids(client.get("/catalogs/app/fr_FR/?state=inherited").get_data(as_text=True)) == set()
    assert len(_ids(client.get("/catalogs/app/fr_FR/?state=untranslated")
                    .get_data(as_text=True))) == 1


def test_the_figure_and_the_bar_show_the_same_share(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("admin")
    _, child = french()
    assert child.coverage == 0.75 and child.progress == 0.25
    for url in ("/catalogs/app/fr_BE/", "/catalogs/"):
        html = client.get(url).get_data(as_text=True)
        assert 'value="0.750"' in html
        assert "75 %</span>" in html and "(25 % its own text)" in html
        assert "5 %</span>" not in html.replace("75 %</span>", "")


def test_source_tokens_and_copy_source_tools(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_BE",))
    _, child = french()
    assert editor.source_tokens("Hello %(name)s, open <b>your rides</b> {n} %d") == [
        "%(name)s", "<b>", "</b>", "{n}", "%d"]
    html = client.get("/catalogs/app/fr_BE/").get_data(as_text=True)
    assert 'data-token="%(name)s"' in html and 'data-token="&lt;b&gt;"' in html
    assert 'class="copy-source"' in html
    assert 'data-source="[&#34;Search rides&#34;]"' in html


def test_panel_renders_usable_suggestions(client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_BE",))
    _, child = french()
    target = message(child, "Search rides")
    panel = client.get(f"/catalogs/api/messages/{target.id}/panel").get_json()
    assert 'data-use="0"' in panel["html"]
    assert "Rechercher un trajet" in panel["html"]
    assert 'data-section="history"' in panel["html"]


def test_conflict_names_who_saved_and_when_and_where_your_text_is(
        client: FlaskClient, signed_in: SignedIn, make_user: MakeUser) -> None:
    signed_in("translator", locales=("fr_BE",))
    _, child = french()
    other = make_user("translator", email="other@example.com", locales=("fr_BE",))
    target = message(child, "Pay")
    operations.save_translation(target, ["Payer"], version=target.version, actor=other)
    response = client.post(f"/catalogs/api/messages/{target.id}",
                           json={"translations": ["Régler"], "version": 1})
    assert response.status_code == 409
    body = response.get_json()
    assert body["conflict"]["by"] == "other@example.com"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", body["conflict"]["at"])
    assert "in the field above" in body["error"]
    form = client.post(f"/catalogs/app/fr_BE/messages/{target.id}",
                       data={"translation": "Régler", "version": "1"})
    assert form.status_code == 409
    html = form.get_data(as_text=True)
    assert "Saved by other@example.com at" in html and "Régler" in html


def test_translators_list_their_locales_and_parents_only_and_read_parents(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("translator", locales=("fr_BE",))
    parent, _ = french()
    from tests.catalogs.workspace import SMALL_PL, import_text

    import_text(SMALL_PL)
    listing = client.get("/catalogs/").get_data(as_text=True)
    assert 'data-catalog="app/fr_BE"' in listing and 'data-catalog="app/fr_FR"' in listing
    assert 'data-catalog="app/pl_PL"' not in listing
    assert client.get("/catalogs/app/pl_PL/").status_code == 403
    page = client.get("/catalogs/app/fr_FR/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "readonly" in html and 'class="primary save"' not in html
    assert 'class="copy-source"' not in html
    target = message(parent, "Pay")
    assert client.post(f"/catalogs/api/messages/{target.id}",
                       json={"translations": ["Payer"], "version": 1}).status_code == 403


def test_reviewer_gets_review_and_next_and_the_form_moves_on(
        client: FlaskClient, signed_in: SignedIn) -> None:
    signed_in("reviewer", locales=("fr_FR",))
    parent, _ = french()
    book = message(parent, "Book")
    pay = message(parent, "Pay")
    html = client.get("/catalogs/app/fr_FR/").get_data(as_text=True)
    assert "Review and next" in html
    response = client.post(f"/catalogs/app/fr_FR/messages/{book.id}/review",
                           data={"version": str(book.version), "next": str(pay.id)})
    assert response.status_code == 302 and f"m={pay.id}" in response.headers["Location"]
    assert message(parent, "Book").state == "reviewed"
