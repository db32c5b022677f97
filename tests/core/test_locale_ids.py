"""Locale ids are kept as the team writes them, checked strictly, understood by Babel."""

from __future__ import annotations

import pytest

from backoffice.core.errors import OperationError
from backoffice.core.locale_ids import babel_locale, language_of, validate_locale_id


@pytest.mark.parametrize("code", ["pl_PL", "zh_CN", "sr_RS@latin", "ca@valencia", "es_419",
                                  "crh", "frp", "nah", "ber", "hne", "sr_Latn_RS", "fr"])
def test_ids_teams_use_are_kept_exactly(code: str) -> None:
    assert validate_locale_id(code) == code


@pytest.mark.parametrize("text", ["pl@/../../../sx", 'pl_PL@x; filename*=UTF-8\'\'evil',
                                  "pl_PL\r", "pl_PL\n", "fr-FR", "fr_fr", "FR", "pl_PL@nope",
                                  "", " ", "x" * 40, "pl_PL/..", "pl\x00"])
def test_anything_else_is_refused_with_the_shape_an_id_has(text: str) -> None:
    with pytest.raises(OperationError):
        validate_locale_id(text)


def test_babel_understands_without_renaming() -> None:
    assert babel_locale("sr_RS@latin").script == "Latn"  # Latin stays Latin
    assert babel_locale("zh_CN").script == "Hans"
    assert babel_locale("ca_ES@valencia").variant == "VALENCIA"
    assert babel_locale("ca@valencia").language == "ca"
    assert babel_locale("crh") is None
    assert language_of("sr_RS@latin") == "sr"


def test_plural_rules_follow_the_understanding() -> None:
    from backoffice.catalogs.plurals import default_plural_rule

    assert default_plural_rule("sr_RS@latin").nplurals == 3
    with pytest.raises(LookupError):
        default_plural_rule("crh")
