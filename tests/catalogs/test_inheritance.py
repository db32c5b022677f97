"""Inheritance at every depth: es_PA on es_MX on es_ES shows es_ES's text where neither
variant has its own, in counts, gates, the editor, the client API and exports."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from backoffice.catalogs import inheritance
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Catalog, Message, source_key
from backoffice.countries.models import Locale
from backoffice.launch import operations as launch
from tests.support.fixture_types import MakeCountry, SignedIn

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def _po(texts: dict[str, str]) -> bytes:
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in texts.items())
    return (HEADER + body).encode()


@pytest.fixture
def chain(db: Session) -> dict[str, Catalog]:
    for code, parent in (("es_ES", None), ("es_MX", "es_ES"), ("es_PA", "es_MX")):
        db.add(Locale(code=code))
        db.flush()
        db.get(Locale, code).parent_code = parent
    db.flush()
    keys = ("Book", "Cancel", "Pay")
    catalogs.import_file("app", "es_ES", _po({"Book": "Reservar", "Cancel": "Cancelar",
                                              "Pay": "Pagar"}), filename="es.po")
    catalogs.import_file("app", "es_MX", _po(dict.fromkeys(keys, "")), filename="mx.po")
    catalogs.import_file("app", "es_PA", _po(dict.fromkeys(keys, "")), filename="pa.po")
    db.flush()
    return {c.locale_code: c for c in db.query(Catalog)}


def _message(db: Session, locale: str, msgid: str) -> Message:
    return db.query(Message).join(Catalog).filter(Catalog.locale_code == locale,
                                                  Message.msgid == msgid).one()


def _counts_agree(chain: dict[str, Catalog]) -> None:
    for catalog in chain.values():
        assert catalog.inherited_count == catalogs.recount(catalog)["inherited"], catalog


def test_a_grandchild_inherits_through_its_parent(db: Session, chain: dict[str, Catalog]) -> None:
    assert chain["es_PA"].inherited_count == 3  # not 0: es_MX's text is es_ES's
    assert inheritance.inherited_texts(chain["es_PA"])[source_key(None, "Book")] == ["Reservar"]
    assert catalogs.parent_message(_message(db, "es_PA", "Pay"), chain["es_PA"]).msgid == "Pay"
    _counts_agree(chain)


def test_a_nearer_text_wins_and_counts_follow_each_save(
        db: Session, chain: dict[str, Catalog]) -> None:
    mx = _message(db, "es_MX", "Book")
    catalogs.save_translation(mx, ["Apartar"], version=mx.version)
    db.flush()
    assert inheritance.inherited_texts(chain["es_PA"])[source_key(None, "Book")] == ["Apartar"]
    es = _message(db, "es_ES", "Cancel")
    catalogs.save_translation(es, [""], version=es.version)  # es_ES loses "Cancel"
    db.flush()
    db.expire_all()
    assert chain["es_MX"].inherited_count == 1 and chain["es_PA"].inherited_count == 2
    _counts_agree(chain)


def test_client_api_gates_and_exports_use_the_same_resolution(
        client: FlaskClient, db: Session, chain: dict[str, Catalog],
        make_country: MakeCountry) -> None:
    country = make_country("PA", locales=("es_PA",), timezone="America/Panama",
                           currency="USD")
    launch.move(country, "live", reason="inherits everything")
    body = client.get("/api/v1/catalogs/app/es_PA.json").get_json()
    assert body["messages"] == {"Book": "Reservar", "Cancel": "Cancelar", "Pay": "Pagar"}
    flat = catalogs.export_bytes(chain["es_PA"], flatten=True).decode()
    assert 'msgid "Pay"\nmsgstr "Pagar"' in flat


def test_the_editor_shows_the_inherited_text(
        client: FlaskClient, db: Session, chain: dict[str, Catalog], signed_in: SignedIn) -> None:
    signed_in("admin")
    page = client.get("/catalogs/app/es_PA/").get_data(as_text=True)
    assert "Reservar" in page and "Cancelar" in page


def _recount_by_hand(db: Session, catalog: Catalog) -> int:
    """What the catalog inherits, read message by message from every ancestor's rows."""
    done = ("translated", "reviewed")
    chain = inheritance.ancestors(catalog)
    given = {m.source_key for a in chain for m in db.query(Message).filter_by(catalog_id=a.id)
             if not m.obsolete and m.state in done}
    return sum(1 for m in db.query(Message).filter_by(catalog_id=catalog.id)
               if not m.obsolete and m.state not in done and m.source_key in given)


def test_the_variants_counts_after_a_parent_update_equal_a_full_recount(
        db: Session, chain: dict[str, Catalog]) -> None:
    db.add(Locale(code="es_AR", parent_code="es_ES"))
    db.flush()
    catalogs.import_file("app", "es_AR", _po({"Book": "Reservá", "Cancel": "", "Pay": ""}),
                         filename="ar.po")
    mx = _message(db, "es_MX", "Pay")
    catalogs.save_translation(mx, ["Pagá"], version=mx.version)
    db.flush()
    template = (HEADER + 'msgid "Book now"\nmsgstr ""\n\nmsgid "Cancel"\nmsgstr ""\n\n'
                'msgid "Pay"\nmsgstr ""\n\nmsgid "Refund"\nmsgstr ""\n').encode()
    catalogs.update_from_template(chain["es_ES"], template)
    db.flush()
    db.expire_all()
    variants = db.query(Catalog).filter(Catalog.locale_code != "es_ES").all()
    assert len(variants) == 3
    for variant in variants:
        assert variant.inherited_count == _recount_by_hand(db, variant), variant.locale_code
    assert inheritance.inherited_counts(variants) == {
        v.id: _recount_by_hand(db, v) for v in variants if _recount_by_hand(db, v)}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The locales whose catalogs are counted from their rows (``inherited_counts``)."""
    found: list[str] = []
    full = inheritance.inherited_counts

    def spy(catalogs_: list[Catalog]) -> dict[int, int]:
        found.extend(c.locale_code for c in catalogs_)
        return full(catalogs_)

    monkeypatch.setattr(inheritance, "inherited_counts", spy)
    return found


def _variants_follow(db: Session, chain: dict[str, Catalog], counted: list[str],
                     mx_count: int, pa_count: int) -> None:
    """The variants' counts are these and equal a full recount; only es_ES, the parent,
    was counted from its rows."""
    db.flush()
    db.expire_all()
    assert (chain["es_MX"].inherited_count, chain["es_PA"].inherited_count) == (
        mx_count, pa_count)
    for variant in (chain["es_MX"], chain["es_PA"]):
        assert variant.inherited_count == _recount_by_hand(db, variant)
    assert set(counted) == {"es_ES"}
    counted.clear()


def test_a_parent_update_moves_the_variants_counts_by_the_keys_it_flips(
        db: Session, chain: dict[str, Catalog], counted: list[str]) -> None:
    """A template update of es_ES drops "Cancel" (its done text goes obsolete), then
    brings it back (revived with its text): each time the variants' counts move by that
    key alone, and they equal a full recount. No variant is counted again from its rows."""
    mx = _message(db, "es_MX", "Pay")
    catalogs.save_translation(mx, ["Pagá"], version=mx.version)  # es_PA's Pay is es_MX's
    db.flush()
    counted.clear()
    without = (HEADER + 'msgid "Book"\nmsgstr ""\n\nmsgid "Pay"\nmsgstr ""\n').encode()
    with_it = (HEADER + 'msgid "Book"\nmsgstr ""\n\nmsgid "Cancel"\nmsgstr ""\n\n'
               'msgid "Pay"\nmsgstr ""\n').encode()
    for template, mx_count, pa_count in ((without, 1, 2), (with_it, 2, 3)):
        catalogs.update_from_template(chain["es_ES"], template)
        _variants_follow(db, chain, counted, mx_count, pa_count)


def test_imports_reverts_and_bulk_changes_of_a_parent_move_the_variants_counts(
        db: Session, chain: dict[str, Catalog], counted: list[str]) -> None:
    """A draft import takes es_ES's "Book" away from its variants, its revert gives it
    back, a bulk reject takes "Cancel" away: each time the variants' counts equal a full
    recount, and only the parent is counted from its rows."""
    from backoffice.catalogs import bulk
    from backoffice.catalogs.operations.queries import MessageFilter

    result = catalogs.import_file("app", "es_ES", _po({"Book": "Reservar ya"}), mode="draft",
                                  filename="draft.po")
    _variants_follow(db, chain, counted, 2, 2)
    catalogs.revert_batch(result.batch)
    _variants_follow(db, chain, counted, 3, 3)
    bulk.apply(chain["es_ES"], "reject", MessageFilter(query="Cancel"), actor=None,
               comment="wrong tone")
    _variants_follow(db, chain, counted, 2, 2)
