"""Hostile input, generated: every refusal is a clear answer that writes nothing.

Each target gets a bounded number of generated inputs; the numbers are printed.
"""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.accounts import tokens
from backoffice.catalogs import operations as catalogs
from backoffice.catalogs.models import Message
from backoffice.core.db import Base
from backoffice.core.errors import OperationError
from backoffice.countries.models import Country
from backoffice.payments import operations as payments
from backoffice.payments.models import WebhookEvent
from tests.catalogs.workspace import corpus_dir
from tests.payments.test_webhooks import HMAC_KEY, MERCHANT, item
from tests.support.adyen import API_KEY
from tests.support.fixture_types import MakeCountry, MakeUser, SignedIn, Translate

SETTINGS = settings(
    max_examples=80, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
# Text a browser can send: any character but lone surrogates (not encodable).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


def row_counts(db: Session) -> dict[str, int]:
    db.flush()
    return {table.name: db.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}


def _po_corpus() -> list[bytes]:
    folder = corpus_dir()
    if folder is None or not (folder / "securedrop").is_dir():
        return []
    return [path.read_bytes() for path in sorted((folder / "securedrop").glob("*.po"))[:6]]


CORPUS = _po_corpus()


@st.composite
def mutated_po(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "insert", "flip", "duplicate", "truncate",
                                     "quote"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 400))]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from([b'"', b"\\", b"\n", b'msgstr[7] "x"\n',
                                                b"#, fuzzy\n", b'msgid ""\n', b"\r",
                                                b'msgid_plural "%d"\n', b"\xef\xbb\xbf",
                                                b'"Plural-Forms: nplurals=0; plural=;\\n"\n']))
    return bytes(data)


# --- the .po importer -------------------------------------------------------------------


def _import_once(db: Session, data: bytes, tally: dict[str, int]) -> None:
    before = row_counts(db)
    savepoint = db.begin_nested()
    refusal: OperationError | None = None
    try:
        catalogs.import_file("fuzz", "pl_PL", data, filename="fuzz.po")
        db.flush()
    except OperationError as error:
        refusal = error
        db.flush()
        after = row_counts(db)
    finally:
        savepoint.rollback()
    if refusal is None:
        tally["imported"] += 1
    else:
        assert refusal.message.strip()
        assert after == before, "a refused import wrote something"
        tally["refused"] += 1


@pytest.mark.skipif(not CORPUS, reason="translation corpus not present")
def test_po_importer_takes_or_refuses_any_bytes(db: Session, app: Flask) -> None:
    tally = {"imported": 0, "refused": 0}

    @SETTINGS
    @given(st.one_of(st.binary(max_size=3000), mutated_po()))
    def attempt(data: bytes) -> None:
        _import_once(db, data, tally)

    attempt()
    print(f"\n.po importer: {sum(tally.values())} inputs tried ({tally})")
    assert tally["refused"] and tally["imported"]


# --- console forms ----------------------------------------------------------------------


def _check_post(
        client: FlaskClient, db: Session, url: str, data: dict, tally: dict[str, int]) -> None:
    before = row_counts(db)
    response = client.post(url, data=data)
    assert response.status_code in (200, 302, 400, 409), (response.status_code, data)
    if response.status_code >= 400:
        assert row_counts(db) == before, ("a refused form wrote something", data)
        tally["refused"] += 1
    else:
        tally["accepted"] += 1


def _maybe(valid: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), TEXT)


VALID_COUNTRY = {"locales": "pl_PL\nen_GB", "currency": "PLN", "timezone": "Europe/Warsaw",
                 "max_seats_per_ride": "4", "owner": "", "notes": "", "reason": ""}
HOSTILE_COUNTRY = {
    "locales": ["xx", "pl_PL pl_PL", "fr_BE fr_FR\nfr_FR", "pl_PL\n" * 300, "a b c",
                "en_GB en_US\nen_US en_GB"],
    "currency": ["pln", "XXX", "EURO", ""],
    "timezone": ["Mars/Olympus", "", "../../etc/passwd"],
    "max_seats_per_ride": ["0", "9", "-1", "4.5", "1e9", "", "٤"],
    "owner": ["1", "999999", "-1", "x"],
    "notes": ["n" * 10_001, "<script>x</script>"],
    "reason": ["r" * 501],
    "version": ["0", "-1", "99999999999999999999", "x", ""],
}


@st.composite
def form_values(
        draw: st.DrawFn, valid: dict[str, str], hostile: dict[str, list[str]]) -> dict[str, str]:
    """A valid form with some fields replaced by hostile or random values."""
    fields = dict(valid)
    for name in draw(st.lists(st.sampled_from(sorted(hostile)), max_size=3, unique=True)):
        fields[name] = draw(st.one_of(st.sampled_from(hostile[name]), TEXT))
    return fields


def test_country_forms_never_fail_and_refusals_write_nothing(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("admin")
    make_country("PL")
    tally = {"accepted": 0, "refused": 0}

    @SETTINGS
    @given(form_values(VALID_COUNTRY, HOSTILE_COUNTRY), st.booleans(),
           st.one_of(st.sampled_from(["DE", "FR", "PL", "CZ", "SK"]),
                     st.sampled_from(["de", "ZZ", "D", "DEU", ""]), TEXT))
    def attempt(fields: dict[str, str], create: bool, code: str) -> None:
        if create:
            _check_post(client, db, "/countries/new", {**fields, "code": code}, tally)
        else:
            fields.setdefault("version", str(db.get(Country, "PL").version))
            _check_post(client, db, "/countries/PL/configuration", fields, tally)

    attempt()
    print(f"\ncountry forms: {sum(tally.values())} inputs tried ({tally})")
    assert tally["refused"] and tally["accepted"]


VALID_PLAN = {
    "period": "2026-Q2", "budget": "10000", "driver_share": "50", "passenger_share": "50",
    "driver_tv": "2000", "driver_social": "3000", "passenger_search": "5000",
    "target_new_drivers": "100", "target_new_passengers": "900", "notes": "", "reason": "",
}
NUMBERS = ["0", "50", "-5", "1e400", "NaN", "Infinity", "1,5", "12.345", "",
           "99999999999999999999999999999999", "0x10", "１０"]
HOSTILE_PLAN = {
    name: NUMBERS for name in (
        "budget", "driver_share", "passenger_share", "target_new_drivers",
        "target_new_passengers", "driver_tv", "driver_social", "passenger_search",
        "passenger_tv", "age_driver_18_24", "age_passenger_50plus")
}
HOSTILE_PLAN.update({
    "period": ["2026-13", "2026-Q5", "0000-01", "2026-Q2 ", "", "9999-12"],
    "notes": ["n" * 2001, "<img src=x onerror=alert(1)>"],
    "reason": ["r" * 501],
    "version": ["0", "x"],
})


def test_marketing_plan_form_never_fails_and_refusals_write_nothing(
        client: FlaskClient, db: Session, signed_in: SignedIn, make_country: MakeCountry) -> None:
    signed_in("admin")
    make_country("FR", currency="EUR", timezone="Europe/Paris", locales=("fr_FR",))
    tally = {"accepted": 0, "refused": 0}

    @SETTINGS
    @given(form_values(VALID_PLAN, HOSTILE_PLAN), st.sampled_from(["2026-Q2", "2026-Q3",
                                                                  "2026-04", "2027-01"]))
    def attempt(fields: dict[str, str], period: str) -> None:
        fields.setdefault("period", period)
        if fields["period"] == VALID_PLAN["period"]:
            fields["period"] = period
        _check_post(client, db, "/marketing/countries/FR/plans/new", fields, tally)

    attempt()
    print(f"\nmarketing plan form: {sum(tally.values())} inputs tried ({tally})")
    assert tally["refused"] and tally["accepted"]


# --- the webhook ------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)
SIGNED_FIELDS = ["pspReference", "merchantAccountCode", "merchantReference", "eventCode",
                 "success", "amount"]


@st.composite
def tampered(draw: st.DrawFn) -> dict:
    """A genuine notification with one signed value changed."""
    wrapper = item(f"T{draw(st.integers(0, 10**15)):015d}")
    raw = wrapper["NotificationRequestItem"]
    name = draw(st.sampled_from(SIGNED_FIELDS))
    value = draw(JSON)
    if name == "amount":
        raw["amount"] = {"currency": "EUR", "value": draw(st.integers().filter(
            lambda v: v != 2500))}
    else:
        if value == raw[name]:
            value = f"{value}!"
        raw[name] = value
    return {"live": "false", "notificationItems": [wrapper]}


def test_webhook_refuses_anything_unsigned_and_stores_nothing(
        client: FlaskClient, db: Session) -> None:
    payments.save_connector(payments.ConnectorInput(
        name=MERCHANT, platform="test", merchant_account=MERCHANT,
        api_key=API_KEY, hmac_key=HMAC_KEY,
        countries=(("FR", "EUR"),)))
    db.flush()
    tally = {"bytes": 0, "json": 0, "tampered": 0}

    def post(data: bytes) -> int:
        response = client.post("/webhooks/adyen", data=data, content_type="application/json")
        assert db.scalar(select(func.count()).select_from(WebhookEvent)) == 0
        return response.status_code

    @SETTINGS
    @given(st.one_of(
        st.tuples(st.just("bytes"), st.binary(max_size=2000)),
        st.tuples(st.just("json"), JSON | st.fixed_dictionaries(
            {"notificationItems": st.lists(JSON | st.fixed_dictionaries(
                {"NotificationRequestItem": JSON}), max_size=3)})),
        st.tuples(st.just("tampered"), tampered()),
    ))
    def attempt(case: tuple[str, object]) -> None:
        kind, value = case
        data = value if isinstance(value, bytes) else json.dumps(value).encode()
        assert post(data) in (400, 401, 413), (kind, data[:200])
        tally[kind] += 1

    attempt()
    assert post(b"{" + b" " * (1024 * 1024 + 1) + b"}") == 413
    # The same request, signed, is stored: the refusals above were about the input.
    genuine = {"live": "false", "notificationItems": [item("G000000000000001")]}
    response = client.post("/webhooks/adyen", json=genuine)
    assert response.status_code == 200
    assert db.scalar(select(func.count()).select_from(WebhookEvent)) == 1
    print(f"\nwebhook: {sum(tally.values()) + 1} inputs tried ({tally}, 1 oversized)")


# --- the admin API ----------------------------------------------------------------------


def test_admin_api_message_save_takes_any_body(
        client: FlaskClient, db: Session, make_user: MakeUser, translate: Translate) -> None:
    catalog = translate("pl_PL", translated=1)
    message = db.scalar(select(Message).where(Message.catalog_id == catalog.id,
                                              Message.msgid == "Message 2"))
    _row, clear = tokens.create_token(make_user("translator"), "fuzz")
    headers = {"Authorization": f"Bearer {clear}"}
    url = f"/api/v1/admin/catalogs/messages/{message.id}"
    tally = {"saved": 0, "refused": 0}
    body = st.one_of(
        JSON,
        st.fixed_dictionaries({"translations": JSON | st.lists(TEXT, max_size=3),
                               "version": JSON | st.integers()}),
        # Well formed, with the current version (filled in below): these are saved.
        st.fixed_dictionaries({"translations": st.lists(TEXT, min_size=1, max_size=1)}),
    )

    @SETTINGS
    @given(st.one_of(body, st.binary(max_size=500)))
    def attempt(data: object) -> None:
        if isinstance(data, dict) and set(data) == {"translations"}:
            data["version"] = db.get(Message, message.id).version
        if not isinstance(data, bytes):
            data = json.dumps(data).encode()
        before = row_counts(db)
        response = client.put(url, data=data, headers=headers, content_type="application/json")
        assert response.status_code in (200, 400, 409, 422), (response.status_code, data)
        assert "error" in response.get_json() or response.status_code == 200
        if response.status_code == 200:
            tally["saved"] += 1
        else:
            assert row_counts(db) == before, data
            tally["refused"] += 1

    attempt()
    print(f"\nadmin API message save: {sum(tally.values())} inputs tried ({tally})")
    assert tally["refused"] and tally["saved"] > 1
