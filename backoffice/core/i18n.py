"""The console's language.

Order: the signed-in user's choice, then the session's choice (before sign-in), then
the browser's Accept-Language, then the default (English).
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import Babel
from flask_login import current_user

babel = Babel()

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def select_locale() -> str:
    languages = current_app.config["CONSOLE_LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # CLI: messages in English
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages) or languages[0]
