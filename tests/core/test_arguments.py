"""Bounded numbers and dates from the request (backoffice/core/arguments.py)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Map, MapAdapter, Rule

from backoffice.core.arguments import (
    DATE_MAX,
    DATE_MIN,
    MAX_INTEGER,
    ArgumentError,
    BoundedIntegerConverter,
    bounded_int,
    int_arg,
    page_arg,
    parse_date,
)


def adapter() -> MapAdapter:
    rules = [Rule("/n/<int:n>", endpoint="n"), Rule("/small/<int(max=9):n>", endpoint="s"),
             Rule("/signed/<int(signed=True):n>", endpoint="signed")]
    return Map(rules, converters={"int": BoundedIntegerConverter}).bind("example.test")


@pytest.mark.parametrize(("path", "value"), [
    ("/n/0", 0), (f"/n/{MAX_INTEGER}", MAX_INTEGER), ("/small/9", 9), ("/signed/-5", -5),
    (f"/signed/-{MAX_INTEGER}", -MAX_INTEGER),
])
def test_the_converter_takes_64_bit_numbers(path: str, value: int) -> None:
    assert adapter().match(path)[1] == {"n": value}


@pytest.mark.parametrize("path", [
    f"/n/{MAX_INTEGER + 1}", f"/n/{2**70}", "/n/" + "9" * 5000, "/small/10",
    f"/signed/-{2**70}",
])
def test_the_converter_refuses_what_no_column_holds(path: str) -> None:
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        adapter().match(path)


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), (" 42 ", 42), (str(MAX_INTEGER), MAX_INTEGER),
])
def test_bounded_int_reads_ascii_whole_numbers(text: str, value: int) -> None:
    assert bounded_int(text, "n") == value


@pytest.mark.parametrize("text", [
    "", "-1", str(MAX_INTEGER + 1), "1e3", "1.0", "0x10", "\u0661", "\uff11", "1_000", "9" * 5000,
])
def test_bounded_int_refuses_anything_else(app: Flask, text: str) -> None:
    with app.test_request_context("/"), pytest.raises(ArgumentError) as caught:
        bounded_int(text, "n")
    assert caught.value.field == "n"
    assert caught.value.status_code == 400
    assert caught.value.message == "n must be a whole number from 0 to 2147483647."


def test_int_arg_reads_the_query_or_a_form(app: Flask) -> None:
    with app.test_request_context("/?page=3&empty=&after=7"):
        assert page_arg() == 3
        assert int_arg("empty", 5) == 5
        assert int_arg("missing") is None
        assert int_arg("after", minimum=1, maximum=10) == 7
        assert int_arg("v", source=MultiDict({"v": "12"})) == 12
        with pytest.raises(ArgumentError, match="from 8 to 10"):
            int_arg("after", minimum=8, maximum=10)


def test_page_arg_defaults_to_the_first_page(app: Flask) -> None:
    with app.test_request_context("/"):
        assert page_arg() == 1
    with app.test_request_context("/?page=0"), pytest.raises(ArgumentError):
        page_arg()


@pytest.mark.parametrize("text", ["1900-01-01", "2026-03-01", "2999-12-31"])
def test_dates_in_range(app: Flask, text: str) -> None:
    with app.test_request_context("/"):
        assert DATE_MIN <= parse_date(text, "to") == date.fromisoformat(text) <= DATE_MAX


@pytest.mark.parametrize(("text", "message"), [
    ("9999-12-31", "to must be a date from 1900-01-01 to 2999-12-31."),
    ("0001-01-01", "to must be a date from 1900-01-01 to 2999-12-31."),
    ("2026-02-30", "to must be a date written YYYY-MM-DD."),
    ("yesterday", "to must be a date written YYYY-MM-DD."),
])
def test_dates_out_of_range_or_malformed(app: Flask, text: str, message: str) -> None:
    with app.test_request_context("/"), pytest.raises(ArgumentError) as caught:
        parse_date(text, "to")
    assert caught.value.message == message
