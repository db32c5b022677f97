"""Every message a check writes reads in the console's language in the editor."""

import pytest
from flask import Flask
from flask_babel import force_locale

from backoffice.catalogs.checks import run_checks
from backoffice.catalogs.finding_text import SHAPES, finding_text, shown_findings

# One case per message the checks can write: (source, translation, options).
CASES = [
    ("Hello %(name)s", "Bonjour", {"flags": ["python-format"]}),
    ("Hello", "Bonjour %(name)s", {"flags": ["python-format"]}),
    ("<b>Hi</b>", "<i>Salut</i>", {}),
    ("\nHi", "Salut", {}),
    ("a\nb\nc", "\na\nb", {}),
    ("a\nb", "a b", {}),
    ("Hi", "Salut.", {}),
    ("Hi.", "Salut", {}),
    ("Hi.", "Salut ?", {}),
    ("%s and %d", "%d et %s", {"flags": ["c-format"]}),
    ("%s and %s", "%s et %s %(x)s", {"flags": ["python-format"]}),
    ("%s and %d", "%d et %s", {"flags": ["python-format"]}),
    (" Hi", "Salut", {}),
    ("Hi ", "Salut", {}),
    ("Hi", "Salut tout le monde", {"max_length": 5}),
]


def _messages() -> set[str]:
    found = set()
    for source, translation, options in CASES:
        found |= {f.message for f in run_checks(source, translation=translation, **options)}
    found |= {f.message for f in run_checks("%d day", 2, translation=["", "%d jours", "x"],
                                            source_plural="%d days")}
    return found


def test_the_cases_reach_every_shape() -> None:
    messages = _messages()
    for pattern, _wording in SHAPES:
        assert any(pattern.match(m) for m in messages), pattern.pattern


def test_every_message_has_wording_and_reads_in_french(app: Flask) -> None:
    messages = _messages()
    assert len(messages) >= len(SHAPES)
    with app.test_request_context():
        for message in messages:
            assert any(pattern.match(message) for pattern, _w in SHAPES), message
            with force_locale("fr"):
                assert finding_text(message) != message, message


@pytest.mark.parametrize(("message", "french"), [
    ("the source ends with stop punctuation, the translation with question",
     "la source se termine par un point, la traduction par un point d’interrogation"),
    ("HTML tags differ from the source: missing <b>; extra <i>",
     "les balises HTML diffèrent de la source\u00a0: manquante <b>, en trop <i>"),
])
def test_variable_parts_are_translated_too(app: Flask, message: str, french: str) -> None:
    with app.test_request_context(), force_locale("fr"):
        assert finding_text(message) == french


def test_unknown_messages_are_shown_as_stored(app: Flask) -> None:
    with app.test_request_context(), force_locale("fr"):
        assert shown_findings([{"message": "something new", "severity": "error"}]) == [
            {"message": "something new", "severity": "error"}]
