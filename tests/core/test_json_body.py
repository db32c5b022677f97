"""The one reader of outside JSON (backoffice/core/json_body.py)."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backoffice.core.json_body import MAX_JSON_DEPTH, JSONBodyError, parse_json


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_documents_up_to_the_limit_are_read() -> None:
    assert parse_json(nested(MAX_JSON_DEPTH)) == json.loads(nested(MAX_JSON_DEPTH))
    assert parse_json(b'{"a": [1, -2, 3.5, true, null, "x"]}') == {
        "a": [1, -2, 3.5, True, None, "x"]}
    assert parse_json(json.dumps({"n": 2**63 - 1, "m": -(2**63)})) == {
        "n": 2**63 - 1, "m": -(2**63)}


def test_one_level_more_is_refused(app: Flask) -> None:
    with app.test_request_context("/"), pytest.raises(JSONBodyError) as caught:
        parse_json(nested(MAX_JSON_DEPTH + 1))
    assert caught.value.status == 400
    assert caught.value.message == "The body is nested more than 32 levels deep."


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"text": "[" * 1000 + '\\"{' * 100, "more": ["]]]", "{{{"]})
    assert parse_json(text)["more"] == ["]]]", "{{{"]


@pytest.mark.parametrize(("data", "message"), [
    (b"{", "The body is not JSON (line 1, column 2)."),
    (b"\xff\xfe\x00", "its text encoding cannot be read"),
    (b'{"a": 1} trailing', "The body is not JSON (line 1, column 10)."),
    (b'["\x00"]', "NUL characters"),
    (b'{"n": 9223372036854775808}', "Numbers must fit in 64 bits"),
    (b'{"n": -Infinity}', "-Infinity is not a JSON number."),
    (b'{"n": -1e400}', "Numbers must be finite."),
])
def test_what_is_refused_and_why(app: Flask, data: bytes, message: str) -> None:
    with app.test_request_context("/"), pytest.raises(JSONBodyError) as caught:
        parse_json(data)
    assert message in caught.value.message


def test_the_size_limit_is_a_413(app: Flask) -> None:
    with app.test_request_context("/"), pytest.raises(JSONBodyError) as caught:
        parse_json(b"[" + b"1," * 100 + b"1]", max_bytes=100)
    assert caught.value.status == 413


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
))
def test_any_document_within_the_limits_reads_like_json_loads(document: object) -> None:
    text = json.dumps(document)
    # Refused on purpose: a NUL (PostgreSQL cannot store one in text), deeper nesting.
    assume("\\u0000" not in text and depth(document) <= MAX_JSON_DEPTH)
    assert parse_json(text) == json.loads(text)


def depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(item) for item in value.values()), default=0)
    return 0
