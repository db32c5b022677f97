"""A console sentence holding people's text: plain as text, marked in HTML."""

from __future__ import annotations

import json

from flask import Flask, render_template_string
from flask_babel import force_locale

from backoffice.core.people_text import sentence


def test_the_people_text_is_marked_in_html_and_plain_elsewhere(app: Flask) -> None:
    with app.test_request_context():
        message = sentence("Playbook: %(task)s is not done (owner %(owner)s).", ("task",),
                           task="Press kit <ready>", owner="anna@example.com")
        assert message == "Playbook: Press kit <ready> is not done (owner anna@example.com)."
        assert json.loads(json.dumps({"m": message}))["m"] == str(message)
        html = render_template_string("{{ m }}", m=message)
        assert '<span translate="no">Press kit &lt;ready&gt;</span>' in html
        assert "anna@example.com" in html and "translate" not in html.split("</span>")[1]
        with force_locale("fr"):
            french = sentence("Playbook: %(task)s is not done (owner %(owner)s).", ("task",),
                              task="Press kit", owner="anna@example.com")
            assert "Playbook:" not in french and "Press kit" in french
