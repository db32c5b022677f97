"""The console's language.

Order: the signed-in user's choice, then the session's choice (before sign-in), then
the browser's Accept-Language, then the default (English).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, cast, runtime_checkable

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, get_translations
from flask_babel import gettext as _gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape

babel = Babel()

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def select_locale() -> str:
    languages: Sequence[str] = current_app.config["CONSOLE_LANGUAGES"]
    if not has_request_context():
        default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
        return default  # CLI: messages in English
    if current_user and current_user.is_authenticated and current_user.language in languages:
        chosen: str = current_user.language
        return chosen
    if session.get("language") in languages:
        remembered: str = session["language"]
        return remembered
    return request.accept_languages.best_match(languages) or languages[0]


@runtime_checkable
class _GettextEnvironment(Protocol):
    """A Jinja environment extended by ``jinja2.ext.i18n``, which adds this method."""

    def install_gettext_callables(
        self, gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str],
        newstyle: bool | None = None, pgettext: Callable[[str, str], str] | None = None,
        npgettext: Callable[[str, str, str, int], str] | None = None,
    ) -> None: ...


def install_text_gettext(app: Flask) -> None:
    """Templates treat the console's translations as text, never as markup.

    Jinja's i18n extension marks a translated string safe before it formats the variables
    in: a translation holding a tag would then be rendered as HTML on every page in that
    language. Escaping the translation first makes it text like any other, whoever wrote
    the catalog; the variables are escaped by the formatting as before.
    """

    def text(value: str) -> Markup:
        return escape(value)

    environment = app.jinja_env
    if not isinstance(environment, _GettextEnvironment):
        raise RuntimeError("Jinja's i18n extension is not loaded")
    environment.install_gettext_callables(
        gettext=lambda s: text(get_translations().ugettext(s)),
        ngettext=lambda s, p, n: text(get_translations().ungettext(s, p, n)),
        newstyle=True,
        pgettext=lambda c, s: text(get_translations().upgettext(c, s)),
        npgettext=lambda c, s, p, n: text(get_translations().unpgettext(c, s, p, n)),
    )


class LazyText(LazyString):
    """A lazily translated string that is text, never markup.

    Flask-Babel's lazy strings declare ``__html__``: Jinja and WTForms would take the
    translation as trusted HTML. These escape it instead, like any other text.
    """

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables: object) -> str:
    """``flask_babel.lazy_gettext`` whose result is text: use this one, always.

    Typed as the ``str`` it becomes: the lazy string stands wherever WTForms, Jinja and our
    label tables take text, and turns into the translation when it is read.
    """
    return cast(str, LazyText(_gettext, string, **variables))
