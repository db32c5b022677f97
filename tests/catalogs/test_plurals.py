from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.catalogs.plurals import (
    PluralFormsError,
    default_plural_rule,
    format_samples,
    parse_plural_forms,
    plural_labels,
)
from tests.catalogs.conftest import CORPUS, needs_corpus

POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
RUSSIAN = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;"
)


def _polish(n: int) -> int:
    if n == 1:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 10 <= n % 100 < 20 else 2


@given(st.integers(min_value=0, max_value=10**9))
def test_polish_rule_matches_python(n: int) -> None:
    assert parse_plural_forms(POLISH).index(n) == _polish(n)


def test_operators_and_precedence() -> None:
    rule = parse_plural_forms("nplurals=4; plural=!(n>3) ? n*2/2-1+1 : (n%3 != 0 || n <= 4) + 2;")
    assert [rule.index(n) for n in range(8)] == [0, 1, 2, 3, 3, 3, 2, 3]
    assert parse_plural_forms("nplurals=1; plural=0;").index(7) == 0
    assert parse_plural_forms(" plural=n != 1 ; nplurals=2 ").index(1) == 0
    assert parse_plural_forms("nplurals=2; plural=n/0;").index(5) == 0  # no crash


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=2; plural=__import__('os').system('x');",
        "nplurals=2; plural=n != 1 ? 0;",
        "nplurals=2; plural=(n != 1;",
        "nplurals=two; plural=n != 1;",
        "plural=n != 1;",
        "nplurals=2; plural=n == 1 ? 0 : 2;",  # form 2 does not exist
        "nplurals=2; plural=;",
    ],
)
def test_rejects_bad_headers(header: str) -> None:
    with pytest.raises(PluralFormsError):
        parse_plural_forms(header)


def test_cldr_defaults_for_new_catalogs() -> None:
    assert default_plural_rule("pl").nplurals == 3
    assert default_plural_rule("ar").nplurals == 6
    assert default_plural_rule("ja").nplurals == 1
    assert default_plural_rule("pt_BR").index(0) == 0  # French-like: 0 is singular


def test_polish_labels() -> None:
    labels = plural_labels(parse_plural_forms(POLISH), "pl")
    assert [(label.category, label.samples_text) for label in labels] == [
        ("one", "1"),
        ("few", "2-4, 22-24, 32-34..."),
        ("many", "0, 5-21, 25-31..."),
    ]
    assert labels[1].label == "few (2-4, 22-24, 32-34...)"


def test_russian_arabic_and_japanese_labels() -> None:
    ru = plural_labels(parse_plural_forms(RUSSIAN), "ru")
    assert [(x.category, x.samples_text) for x in ru] == [
        ("one", "1, 21, 31..."),
        ("few", "2-4, 22-24, 32-34..."),
        ("many", "0, 5-20, 25-30..."),
    ]
    ar = plural_labels(parse_plural_forms(ARABIC), "ar")
    assert [x.category for x in ar] == ["zero", "one", "two", "few", "many", "other"]
    assert ar[0].samples_text == "0" and ar[3].samples_text == "3-10, 103-110..."
    ja = plural_labels(parse_plural_forms("nplurals=1; plural=0;"), "ja")
    assert [(x.category, x.samples_text) for x in ja] == [("other", "0, 1, 2...")]


@needs_corpus
def test_the_files_rule_wins_over_cldr_for_lithuanian() -> None:
    from backoffice.catalogs.po.reader import parse

    po = parse((CORPUS / "lt.po").read_bytes())
    rule = po.plural_rule()
    assert rule is not None and rule.nplurals == 3  # CLDR has 4 categories for Lithuanian
    labels = plural_labels(rule, "lt")
    assert [(x.category, x.samples_text) for x in labels] == [
        ("one", "1, 21, 31..."),
        ("few", "2-9, 22-29, 32-39..."),
        ("other", "0, 10-20, 30..."),
    ]


def test_without_locale_and_sample_formatting() -> None:
    labels = plural_labels(parse_plural_forms("nplurals=2; plural=n != 1;"))
    assert [x.label for x in labels] == ["form 0 (1)", "form 1 (0, 2, 3, 4...)"]
    assert format_samples([1000, 1001]) == "1000, 1001"
