"""A console sentence holding text people wrote (a task title), marked as such in HTML.

The value is the plain sentence (JSON, e-mails, the command line read it as text); a
template renders its ``__html__``, where the people's parts sit in ``translate="no"``
spans so neither a translation tool nor a reader mistakes them for the console's words.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

_DATA = Markup('<span translate="no">%s</span>')


class Sentence(str):
    """Plain text, with an HTML form marking the people's parts."""

    _html: Markup

    def __new__(cls, text: str, html: Markup) -> Sentence:
        sentence = super().__new__(cls, text)
        sentence._html = html
        return sentence

    def __html__(self) -> Markup:
        return self._html


def sentence(msgid: str, data: tuple[str, ...], **values: Any) -> Sentence:
    """``gettext(msgid, **values)`` with the ``data`` values marked as people's text."""
    template = gettext(msgid)
    marked = {name: _DATA % value if name in data else value for name, value in values.items()}
    return Sentence(template % values, escape(template) % marked)
